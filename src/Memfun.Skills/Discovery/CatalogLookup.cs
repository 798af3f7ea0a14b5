using Memfun.Skills.Definitions;

namespace Memfun.Skills.Discovery;

/// <summary>
/// The lookups the skill and agent catalogues share. Written as loops, not LINQ: the listing commands use them once per
/// run, where the first use of each LINQ operator costs more than the lookup (issue 20).
/// </summary>
internal static class CatalogLookup
{
    /// <summary>Returns the definition named <paramref name="name"/> (ordinal), or null.</summary>
    public static T? ByName<T>(IReadOnlyList<T> definitions, string name)
        where T : class, IDefinition
    {
        foreach (var definition in definitions)
        {
            if (string.Equals(definition.Name, name, StringComparison.Ordinal))
            {
                return definition;
            }
        }

        return null;
    }

    /// <summary>Returns the errors among <paramref name="issues"/>.</summary>
    public static IReadOnlyList<DefinitionIssue> Errors(IReadOnlyList<DefinitionIssue> issues)
    {
        var errors = new List<DefinitionIssue>();
        foreach (var issue in issues)
        {
            if (issue.Severity == IssueSeverity.Error)
            {
                errors.Add(issue);
            }
        }

        return errors;
    }
}
