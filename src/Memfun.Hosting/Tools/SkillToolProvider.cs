using Memfun.Agent.Coding;
using Memfun.Hosting.Agents;
using Memfun.Skills;
using Memfun.Skills.Agents;
using Memfun.Skills.Definitions;
using Memfun.Skills.Discovery;
using Memfun.Skills.Execution;
using Memfun.Skills.Invocation;
using Memfun.Tools;
using Memfun.Tools.Mcp;
using Memfun.Tools.Permissions;

namespace Memfun.Hosting.Tools;

/// <summary>
/// Publishes every discovered skill (<c>skill_NAME</c>) and AGENT.md agent (<c>agent_NAME</c>) through the MCP gateway.
/// </summary>
/// <remarks>
/// A call runs like <c>memfun skill invoke</c> with nobody to ask: whatever the skill's trust tier would ask
/// about (writes, commands) is declined, so a served skill reads and answers but does not change the project.
/// An agent call starts the defined agents on an in-process runtime, so the agent can delegate to the others.
/// Every call runs on the server's <see cref="AgentRunner"/> with a model budget of its own.
/// </remarks>
/// <param name="runner">The server's agent runner.</param>
/// <param name="environment">The environment user-level skill folders are found from.</param>
public sealed class SkillToolProvider(AgentRunner runner, MemfunHostEnvironment environment) : IToolProvider
{
    /// <inheritdoc />
    public IEnumerable<MemfunTool> GetTools(ToolContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var skills = SkillDiscovery.Discover(DefinitionRoots.Skills(context.ProjectRoot, environment.Variables));
        var agents = AgentCatalog.Discover(DefinitionRoots.Agents(context.ProjectRoot, environment.Variables));
        var skillRunner = new SkillRunner(context.ProjectRoot, FixedApprover.Never);
        var invocables = Invocables.CreateWithRunner(
            skills,
            (skill, input, token) => RunAsync(withDefaults: false, async coding => (await skillRunner.RunAsync(coding, skill, input, token).ConfigureAwait(false)).Answer, token),
            agents,
            (agent, task, token) => RunAsync(withDefaults: true, coding => DefinedAgents.InvokeAsync(agents, coding, agent.Name, task, token), token));
        return
        [
            .. invocables.Select(invocable =>
            {
                var (effects, openWorld) = Effects(invocable.Kind == InvocableKind.Skill
                    ? skills.Find(invocable.Name) is { } skill ? Grant(skill.Name, skill.AllowedTools, skill.Trust) : null
                    : agents.Find(invocable.Name) is { } agent ? Grant(agent.Name, agent.Tools, agent.Trust) : null);
                return MemfunTool.FromFunction(new InvocableFunction(invocable), invocable.ToolName, effects, context.Policy, openWorld);
            }),
        ];
    }

    // Annotations say what a call can do with nobody to ask: commands the tier runs without asking can change anything,
    // edits are only staged (never applied) and anything that needs approval is declined.
    private static (ToolEffects Effects, bool OpenWorld) Effects(ToolGrant? grant) =>
        grant is null
            ? (ToolEffects.ReadOnly, false)
            : (grant.Effective.Commands == Permission.Allow ? ToolEffects.Destructive : ToolEffects.ReadOnly, grant.Effective.Network == Permission.Allow);

    private static ToolGrant? Grant(string name, IReadOnlyList<ToolRequest> tools, TrustTier trust)
    {
        try
        {
            return ToolGrant.Resolve(name, tools, trust);
        }
        catch (SkillException)
        {
            // A definition asking for what its tier denies fails when called; it can do nothing meanwhile.
            return null;
        }
    }

    private async Task<string> RunAsync(bool withDefaults, Func<CodingAgent, Task<string>> work, CancellationToken cancellationToken)
    {
        using var clients = runner.Clients.StartRun();
        var extensions = withDefaults ? await runner.DefaultExtensionsAsync(cancellationToken).ConfigureAwait(false) : null;
        var run = await runner.RunAsync(work, new AgentRunOptions { Extensions = extensions, Clients = clients }, cancellationToken).ConfigureAwait(false);
        return run.Result;
    }
}
