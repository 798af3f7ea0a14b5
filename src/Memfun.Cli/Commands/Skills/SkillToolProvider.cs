using Memfun.Agent.Coding;
using Memfun.Cli.Commands.Agent;
using Memfun.Cli.Infrastructure;
using Memfun.Hosting.Configuration;
using Memfun.Runtime;
using Memfun.Skills.Agents;
using Memfun.Skills.Discovery;
using Memfun.Skills.Execution;
using Memfun.Skills.Invocation;
using Memfun.Tools;
using Memfun.Tools.Mcp;
using Microsoft.Extensions.Logging.Abstractions;

namespace Memfun.Cli.Commands.Skills;

/// <summary>
/// Publishes every discovered skill (<c>skill_NAME</c>) and AGENT.md agent (<c>agent_NAME</c>) through the MCP gateway.
/// </summary>
/// <remarks>
/// A call runs like <c>memfun skill invoke</c> with nobody to ask: whatever the skill's trust tier would ask
/// about (writes, commands) is declined, so a served skill reads and answers but does not change the project.
/// An agent call starts the defined agents on an in-process runtime, so the agent can delegate to the others.
/// </remarks>
public sealed class SkillToolProvider(CliEnvironment environment) : IToolProvider
{
    /// <inheritdoc />
    public IEnumerable<MemfunTool> GetTools(ToolContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var served = environment with { IsInteractive = false, WorkingDirectory = context.ProjectRoot };
        var skills = SkillDiscovery.Discover(DefinitionRoots.Skills(context.ProjectRoot, served.Variables));
        var agents = AgentCatalog.Discover(DefinitionRoots.Agents(context.ProjectRoot, served.Variables));
        var runner = new SkillRunner(context.ProjectRoot, new ConsoleApprover(served, yes: false));
        var invocables = Invocables.CreateWithRunner(
            skills,
            (skill, input, token) => RunAsync(served, session => null, async coding => (await runner.RunAsync(coding, skill, input, token).ConfigureAwait(false)).Answer, token),
            agents,
            (agent, task, token) => RunAsync(served, session => session.DefaultExtensions(), async coding =>
            {
                await using var runtime = await new RuntimeBuilder().UseInProcess().BuildAsync(token).ConfigureAwait(false);
                var delegator = await AgentHost.StartAsync(runtime, agents, new RlmAgentExecutor(_ => coding), cancellationToken: token).ConfigureAwait(false);
                return await delegator.InvokeAsync(agent.Name, task, token).ConfigureAwait(false);
            }, token));
        return [.. invocables.Select(invocable => MemfunTool.FromFunction(new InvocableFunction(invocable), invocable.ToolName, ToolEffects.ReadOnly, context.AllowWrites))];
    }

    private static async Task<string> RunAsync(CliEnvironment environment, Func<AgentSession, CodingAgentExtensions?> extensions, Func<CodingAgent, Task<string>> work, CancellationToken cancellationToken)
    {
        var config = await ConfigLoader.LoadAsync(
            new ConfigLoadOptions { WorkingDirectory = environment.WorkingDirectory, Environment = environment.Variables, UserConfigPath = environment.UserConfigPath },
            cancellationToken).ConfigureAwait(false);
        await using var session = await AgentSession.OpenAsync(config, environment, NullLoggerFactory.Instance, verbose: false, cancellationToken).ConfigureAwait(false);
        var (answer, _) = await session.RunAsync(work, extensions(session), cancellationToken).ConfigureAwait(false);
        return answer;
    }
}
