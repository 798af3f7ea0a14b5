using Memfun.Skills.Discovery;
using Memfun.Skills.Execution;
using Memfun.Tools;
using Memfun.Tools.Files;
using Memfun.Tools.Mcp;

namespace Memfun.Hosting.Tools;

/// <summary>Publishes every discovered skill as an MCP prompt named after it, with the skill's argument <c>input</c>.</summary>
/// <remarks>
/// The prompt is what the skill tells the agent (its description, instructions and the list of its files) followed by
/// the input, so a client's own model can follow the skill. <c>input</c> completes to project files: a skill is
/// usually applied to one.
/// </remarks>
/// <param name="environment">The environment user-level skill folders are found from.</param>
public sealed class SkillPromptProvider(MemfunHostEnvironment environment) : IPromptProvider
{
    /// <inheritdoc />
    public IEnumerable<McpPrompt> GetPrompts(ToolContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var skills = SkillDiscovery.Discover(DefinitionRoots.Skills(context.ProjectRoot, environment.Variables));
        McpCompleter files = async (prefix, token) =>
            [.. (await ProjectFiles.ListAsync(context.ProjectRoot, token).ConfigureAwait(false)).Where(f => f.StartsWith(prefix, StringComparison.Ordinal))];
        return skills.Skills.Select(skill => new McpPrompt(
            skill.Name,
            skill.Description,
            [new McpPromptArgument("input", "What to apply the skill to (often a file of the project), or the question to answer with it.", Required: false, files)],
            (arguments, _) =>
            {
                var input = arguments.GetValueOrDefault("input");
                return Task.FromResult(SkillRunner.Guidance(skill) + "\n## Task\n" + (string.IsNullOrWhiteSpace(input) ? $"Apply the skill '{skill.Name}' to this project." : input) + "\n");
            }));
    }
}
