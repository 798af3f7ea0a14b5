using System.Text.Json;
using Memfun.Core.Errors;
using Memfun.Skills.Agents;
using Memfun.Skills.Discovery;
using Memfun.Tools;

namespace Memfun.Skills.Invocation;

/// <summary>Builds the list of invocable skills and agents the MCP gateway exposes as tools.</summary>
public static class Invocables
{
    private static readonly JsonElement SkillSchema = JsonDocument.Parse("""
        {"type":"object","properties":{"input":{"type":"string","description":"What to apply the skill to, or the question to answer with it."}},"additionalProperties":false}
        """).RootElement.Clone();

    private static readonly JsonElement AgentSchema = JsonDocument.Parse("""
        {"type":"object","properties":{"task":{"type":"string","description":"The task for the agent, self-contained."}},"required":["task"],"additionalProperties":false}
        """).RootElement.Clone();

    /// <summary>Returns one invocable per skill and per agent, skills first, each list by name.</summary>
    /// <param name="skills">The discovered skills.</param>
    /// <param name="runSkill">Runs a skill on an input (for example through <see cref="Execution.SkillRunner"/>) and returns the answer.</param>
    /// <param name="agents">The discovered agents; null exposes none.</param>
    /// <param name="delegator">Reaches the running agents (from <see cref="AgentHost.StartAsync"/>); null exposes none.</param>
    public static IReadOnlyList<Invocable> Create(SkillCatalog skills, Func<SkillDefinition, string, CancellationToken, Task<string>> runSkill, AgentCatalog? agents = null, Delegator? delegator = null) =>
        CreateWithRunner(skills, runSkill, agents, delegator is null ? null : (agent, task, token) => delegator.InvokeAsync(agent.Name, task, token));

    /// <summary>Creates the invocables, running agents with <paramref name="runAgent"/> (for hosts that start the agents per call).</summary>
    /// <param name="skills">The discovered skills.</param>
    /// <param name="runSkill">Runs a skill on an input and returns the answer.</param>
    /// <param name="agents">The discovered agents, if agents are published.</param>
    /// <param name="runAgent">Runs an agent on a task and returns the answer.</param>
    public static IReadOnlyList<Invocable> CreateWithRunner(SkillCatalog skills, Func<SkillDefinition, string, CancellationToken, Task<string>> runSkill, AgentCatalog? agents, Func<AgentDefinition, string, CancellationToken, Task<string>>? runAgent)
    {
        ArgumentNullException.ThrowIfNull(skills);
        ArgumentNullException.ThrowIfNull(runSkill);
        var list = skills.Skills.Select(skill => new Invocable(InvocableKind.Skill, skill.Name, "skill_" + skill.Name, skill.Description, SkillSchema,
            (arguments, token) => runSkill(skill, Argument(arguments, "input", required: false), token))).ToList();
        if (agents is not null && runAgent is not null)
        {
            list.AddRange(agents.Agents.Select(agent => new Invocable(InvocableKind.Agent, agent.Name, "agent_" + agent.Name, agent.Description, AgentSchema,
                (arguments, token) => runAgent(agent, Argument(arguments, "task", required: true), token))));
        }

        return list;
    }

    private static string Argument(JsonElement arguments, string name, bool required)
    {
        if (arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!;
        }

        return required ? throw new ToolException(MemfunErrorCodes.ToolBadArguments, $"The argument '{name}' (a string) is required.") : "";
    }
}
