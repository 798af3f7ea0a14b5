using Memfun.Skills.Definitions;
using Memfun.Testing;
using Memfun.Tools.Permissions;

namespace Memfun.Skills.Tests;

/// <summary>Writes skill and agent folders for tests.</summary>
internal static class Fixtures
{
    public static string Skill(TempDirectory root, string folder, string frontmatter, string body = "# Steps\n\nDo the thing.\n")
    {
        root.WriteFile(Path.Combine(folder, "SKILL.md"), $"---\n{frontmatter.Trim('\n')}\n---\n{body}");
        return root.Combine(folder);
    }

    public static string Valid(TempDirectory root, string folder, string name, string description = "Does a thing. Use when testing.", string extra = "") =>
        Skill(root, folder, $"name: {name}\ndescription: {description}\n{extra}");

    public static string Agent(TempDirectory root, string folder, string frontmatter, string body = "# Instructions\n\nWork carefully.\n")
    {
        root.WriteFile(Path.Combine(folder, "AGENT.md"), $"---\n{frontmatter.Trim('\n')}\n---\n{body}");
        return root.Combine(folder);
    }

    public static (SkillDefinition? Skill, List<DefinitionIssue> Issues) Load(string directory, TrustTier trust = TrustTier.Project)
    {
        var issues = new List<DefinitionIssue>();
        return (SkillParser.Load(directory, trust, issues), issues);
    }
}
