using Memfun.Tools.Permissions;

namespace Memfun.Skills.Definitions;

/// <summary>Loads and validates <c>SKILL.md</c> files exactly per the Agent Skills specification (agentskills.io).</summary>
public static class SkillParser
{
    /// <summary>Gets the frontmatter fields the specification defines.</summary>
    public static IReadOnlyList<string> KnownFields { get; } = ["name", "description", "license", "compatibility", "metadata", "allowed-tools"];

    /// <summary>Gets the longest description the specification allows.</summary>
    public const int MaxDescriptionLength = 1024;

    /// <summary>Gets the longest compatibility note the specification allows.</summary>
    public const int MaxCompatibilityLength = 500;

    /// <summary>Gets the recommended most lines of a <c>SKILL.md</c>.</summary>
    public const int RecommendedMaxLines = 500;

    /// <summary>Returns why <paramref name="name"/> is not a valid skill name (1-64 of a-z, 0-9 and '-', no leading, trailing or double hyphen), or null when it is.</summary>
    public static string? NameProblem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return FieldReader.NameProblem(name);
    }

    /// <summary>Loads the skill in <paramref name="directory"/>; every problem is added to <paramref name="issues"/>.</summary>
    /// <returns>The skill, or null when it has errors.</returns>
    public static SkillDefinition? Load(string directory, TrustTier trust, List<DefinitionIssue> issues)
    {
        return FrontmatterParser.Load(directory, "SKILL.md", issues, (file, text) => Parse(file, text, trust, issues));
    }

    /// <summary>Validates the text of <paramref name="file"/> (a <c>SKILL.md</c> whose folder name is the expected skill name).</summary>
    public static SkillDefinition? Parse(string file, string text, TrustTier trust, List<DefinitionIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var start = issues.Count;
        var frontmatter = FrontmatterParser.ParseDefinition(file, text, issues);
        if (frontmatter is null)
        {
            return null;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var fields = new FieldReader(file, frontmatter, issues);
        var name = fields.Name(Path.GetFileName(directory), "skill");
        var description = fields.Text("description", required: true, MaxDescriptionLength);
        var license = fields.Text("license", required: false, maxLength: null);
        var compatibility = fields.Text("compatibility", required: false, MaxCompatibilityLength, stringOnly: true);
        var metadata = fields.Map("metadata");
        var tools = fields.Tools("allowed-tools");
        fields.UnknownFields(KnownFields, "skill");

        var lineCount = text.AsSpan().Count('\n') + 1;
        if (lineCount > RecommendedMaxLines)
        {
            issues.Add(new DefinitionIssue(file, RecommendedMaxLines + 1, null, IssueSeverity.Warning,
                $"SKILL.md has {lineCount} lines; keep it under {RecommendedMaxLines} and move detail into references/ files"));
        }

        if (frontmatter.BodyIsEmpty)
        {
            issues.Add(new DefinitionIssue(file, frontmatter.BodyLine, null, IssueSeverity.Warning, "the body is empty: add the instructions the agent follows when it uses the skill"));
        }

        var mine = issues.GetRange(start, issues.Count - start);
        if (name is null || description is null || mine.Exists(i => i.Severity == IssueSeverity.Error))
        {
            return null;
        }

        return new SkillDefinition
        {
            Name = name,
            Description = description.Trim(),
            License = license,
            Compatibility = compatibility,
            Metadata = metadata,
            AllowedTools = tools,
            Directory = directory,
            Trust = trust,
            BodyLine = frontmatter.BodyLine,
            Warnings = mine,
        };
    }
}
