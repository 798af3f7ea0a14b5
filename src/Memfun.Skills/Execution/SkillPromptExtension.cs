using System.Text.Json;
using Memfun.Agent.Coding;
using Memfun.Agent.Rlm;
using Memfun.Core.Errors;
using Memfun.Skills.Discovery;

namespace Memfun.Skills.Execution;

/// <summary>
/// Progressive disclosure for the coding agent: the prompt gets only the available-skills catalogue (names and
/// descriptions); <c>load_skill(name)</c> returns a skill's body and file list when the model decides to use it.
/// </summary>
public static class SkillPromptExtension
{
    /// <summary>Returns the catalogue text and the <c>load_skill</c> tool for <paramref name="catalog"/> (null when it has no skills).</summary>
    public static CodingAgentExtensions? Create(SkillCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (catalog.Skills.Count == 0)
        {
            return null;
        }

        var guidance = "## Skills\nThese skills hold proven instructions for common tasks. When one fits the task, call load_skill(name) "
            + "and follow the instructions it returns; its files can then be read with read_skill_file(name, path).\n" + catalog.ToPrompt();
        return new CodingAgentExtensions(guidance,
        [
            new RlmTool("load_skill", "load_skill(name) -> str: the instructions of a skill from the available-skills list, and the files it has.",
                (call, _) =>
                {
                    var skill = Find(catalog, new HostArguments("load_skill", call).Text(0, "name"));
                    var body = skill.ReadBody();
                    var files = skill.ResourceFiles();
                    return ValueTask.FromResult(JsonSerializer.SerializeToElement(files.Count == 0 ? body : body + "\n\nFiles of this skill: " + string.Join(", ", files)));
                }),
            new RlmTool("read_skill_file", "read_skill_file(name, path) -> str: a file (references/, assets/, scripts/) of a loaded skill.",
                async (call, token) =>
                {
                    var arguments = new HostArguments("read_skill_file", call);
                    var skill = Find(catalog, arguments.Text(0, "name"));
                    return JsonSerializer.SerializeToElement(await skill.ReadResourceAsync(arguments.Text(1, "path"), token).ConfigureAwait(false));
                }),
        ]);
    }

    private static SkillDefinition Find(SkillCatalog catalog, string name) =>
        catalog.Find(name) ?? throw new SkillException(MemfunErrorCodes.SkillNotFound, $"There is no skill '{name}'. Available: {string.Join(", ", catalog.Skills.Select(s => s.Name))}.");
}
