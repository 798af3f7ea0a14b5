using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Memfun.Core.Text;
using Memfun.Hosting.Configuration;
using Memfun.Skills;
using Memfun.Skills.Definitions;
using Memfun.Skills.Discovery;
using Memfun.Cli.Rendering;

namespace Memfun.Cli.Commands.Skills;

/// <summary>What the skill commands share: discovery for the project, lookup with suggestions, and issue printing.</summary>
internal static class SkillCatalogs
{
    public static SkillCatalog Discover(CliEnvironment environment, MemfunConfig config) => Discover(environment, config.ProjectRoot);

    public static SkillCatalog Discover(CliEnvironment environment, string projectRoot) =>
        SkillDiscovery.Discover(DefinitionRoots.Skills(projectRoot, environment.Variables));

    public static SkillDefinition Find(SkillCatalog catalog, string name)
    {
        if (catalog.Find(name) is { } skill)
        {
            return skill;
        }

        var suggestion = Suggestions.Closest(name, catalog.Skills.Select(s => s.Name));
        throw new SkillException(MemfunErrorCodes.SkillNotFound, $"There is no skill named '{name}'.")
        {
            Hint = suggestion is not null ? $"Did you mean '{suggestion}'? (memfun skill list shows them all)" : "memfun skill list shows the available skills; memfun skill validate explains any that failed to load.",
        };
    }

    /// <summary>Returns <paramref name="issues"/> as the skill and agent commands' <c>--json</c> output shows them.</summary>
    public static IEnumerable<object> JsonIssues(IEnumerable<DefinitionIssue> issues) =>
        issues.Select(i => new { file = i.File, line = i.Line, field = i.Field, severity = i.Severity.ToString().ToLowerInvariant(), message = i.Message });

    // Plain lines, not the error console: building that costs more than the listing itself, on every run (issue 20).
    public static void WriteIssues(CliEnvironment environment, IEnumerable<DefinitionIssue> issues)
    {
        foreach (var issue in issues)
        {
            var colour = issue.Severity == IssueSeverity.Error ? Ansi.Red : Ansi.Yellow;
            environment.ErrorWriter.WriteLine(environment.PaintError(colour, TerminalText.Inert(issue.ToString())));
        }
    }

    /// <summary>Writes the note before a listing's load errors: how many files failed (<paramref name="kind"/>: skill, agent), then the errors.</summary>
    public static void WriteLoadErrors(CliEnvironment environment, string kind, IReadOnlyList<DefinitionIssue> errors)
    {
        var files = new HashSet<string>(StringComparer.Ordinal);
        foreach (var error in errors)
        {
            files.Add(error.File);
        }

        environment.ErrorWriter.WriteLine(environment.PaintError(Ansi.Red, $"{files.Count} {kind}(s) failed to load") + " (the others are listed above):");
        WriteIssues(environment, errors);
    }

    /// <summary>Returns why <paramref name="name"/> won over the definitions it shadows, joined with "; " (empty when it shadows none).</summary>
    /// <remarks>A loop, not LINQ: the listings call it for every row, from the first (issue 20).</remarks>
    public static string ShadowReasons(IReadOnlyList<ShadowedDefinition> shadowed, string name)
    {
        var reasons = new List<string>();
        foreach (var definition in shadowed)
        {
            if (definition.Name == name)
            {
                reasons.Add(definition.Reason);
            }
        }

        return string.Join("; ", reasons);
    }

    public static string Relative(MemfunConfig config, string path)
    {
        var relative = Path.GetRelativePath(config.ProjectRoot, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
