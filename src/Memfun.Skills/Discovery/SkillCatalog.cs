using System.Security;
using System.Text;
using Memfun.Skills.Definitions;

namespace Memfun.Skills.Discovery;

/// <summary>The result of discovery: the skills that won, the ones they shadow, and every problem found.</summary>
/// <param name="Skills">The valid skills, one per name, by name.</param>
/// <param name="Shadowed">Valid skills hidden by a higher-precedence one of the same name.</param>
/// <param name="Issues">Every error and warning, of loaded and rejected skills alike.</param>
public sealed record SkillCatalog(IReadOnlyList<SkillDefinition> Skills, IReadOnlyList<ShadowedDefinition> Shadowed, IReadOnlyList<DefinitionIssue> Issues)
{
    /// <summary>Gets an empty catalogue.</summary>
    public static SkillCatalog Empty { get; } = new([], [], []);

    /// <summary>Gets the errors (each one kept a skill out).</summary>
    public IReadOnlyList<DefinitionIssue> Errors => CatalogLookup.Errors(Issues);

    /// <summary>Finds a skill by name.</summary>
    public SkillDefinition? Find(string name) => CatalogLookup.ByName(Skills, name);

    /// <summary>
    /// Returns the available-skills catalogue for an agent's prompt: only names and descriptions, in the
    /// <c>&lt;available_skills&gt;</c> form of the reference <c>to-prompt</c>. Bodies are loaded on demand.
    /// </summary>
    public string ToPrompt()
    {
        if (Skills.Count == 0)
        {
            return "";
        }

        var text = new StringBuilder("<available_skills>\n");
        foreach (var skill in Skills)
        {
            text.Append("<skill>\n<name>").Append(SecurityElement.Escape(skill.Name)).Append("</name>\n<description>")
                .Append(SecurityElement.Escape(skill.Description)).Append("</description>\n</skill>\n");
        }

        return text.Append("</available_skills>").ToString();
    }
}
