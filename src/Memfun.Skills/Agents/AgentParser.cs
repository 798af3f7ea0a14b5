using System.Globalization;
using Memfun.Skills.Definitions;
using Memfun.Tools.Permissions;

namespace Memfun.Skills.Agents;

/// <summary>Loads and validates <c>AGENT.md</c> files (the same name and description rules as skills).</summary>
public static class AgentParser
{
    /// <summary>Gets the frontmatter fields an agent may have.</summary>
    public static IReadOnlyList<string> KnownFields { get; } = ["name", "description", "capabilities", "tools", "model", "trust", "max-iterations", "metadata"];

    /// <summary>Gets the highest <c>max-iterations</c> accepted.</summary>
    public const int MaxIterationsLimit = 100;

    /// <summary>Loads the agent in <paramref name="directory"/>; every problem is added to <paramref name="issues"/>.</summary>
    /// <returns>The agent, or null when it has errors.</returns>
    public static AgentDefinition? Load(string directory, TrustTier location, List<DefinitionIssue> issues)
    {
        return FrontmatterParser.Load(directory, "AGENT.md", issues, (file, text) => Parse(file, text, location, issues));
    }

    /// <summary>Validates the text of an <c>AGENT.md</c> whose folder name is the expected agent name.</summary>
    public static AgentDefinition? Parse(string file, string text, TrustTier location, List<DefinitionIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var start = issues.Count;
        var frontmatter = FrontmatterParser.ParseDefinition(file, text, issues);
        if (frontmatter is null)
        {
            return null;
        }

        var fields = new FieldReader(file, frontmatter, issues);
        var name = fields.Name(Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file)))!, "agent");
        var description = fields.Text("description", required: true, SkillParser.MaxDescriptionLength);
        var capabilities = fields.Words("capabilities", textPreferred: false);
        foreach (var capability in capabilities)
        {
            if (FieldReader.NameProblem(capability) is not null)
            {
                fields.Error(frontmatter["capabilities"], "capabilities", $"the capability '{capability}' must be lowercase letters, digits and hyphens, like a name");
            }
        }

        var tools = fields.Tools("tools");
        var model = fields.Text("model", required: false, maxLength: 200);
        var trust = Trust(fields, location);
        var maxIterations = MaxIterations(fields);
        fields.Map("metadata");
        fields.UnknownFields(KnownFields, "agent");
        if (frontmatter.BodyIsEmpty)
        {
            issues.Add(new DefinitionIssue(file, frontmatter.BodyLine, null, IssueSeverity.Error, "the body is empty: write the agent's instructions below the frontmatter"));
        }

        var mine = issues.GetRange(start, issues.Count - start);
        if (name is null || description is null || mine.Exists(i => i.Severity == IssueSeverity.Error))
        {
            return null;
        }

        return new AgentDefinition
        {
            Name = name,
            Description = description.Trim(),
            Capabilities = capabilities,
            Tools = tools,
            Model = model?.Trim(),
            Trust = trust,
            MaxIterations = maxIterations,
            Instructions = frontmatter.Body.Trim(),
            FilePath = Path.GetFullPath(file),
            Warnings = mine,
        };
    }

    private static TrustTier Trust(FieldReader fields, TrustTier location)
    {
        var text = fields.Text("trust", required: false, maxLength: 20);
        if (text is null)
        {
            return location;
        }

        if (!TrustTiers.TryParse(text, out var declared))
        {
            fields.Error(fields.Frontmatter["trust"], "trust", $"'{text}' is not a trust tier: use builtin, user, project or untrusted");
            return location;
        }

        if (declared < location)
        {
            fields.Warning(fields.Frontmatter["trust"], "trust", $"an agent found here is {TrustTiers.Name(location)}; it cannot raise itself to {TrustTiers.Name(declared)}");
            return location;
        }

        return declared;
    }

    private static int? MaxIterations(FieldReader fields)
    {
        var field = fields.Frontmatter["max-iterations"];
        if (field is null)
        {
            return null;
        }

        if (field.Value is FrontmatterText { Text: { } text } && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= MaxIterationsLimit)
        {
            return value;
        }

        fields.Error(field, "max-iterations", string.Create(CultureInfo.InvariantCulture, $"'max-iterations' must be a whole number from 1 to {MaxIterationsLimit}"));
        return null;
    }
}
