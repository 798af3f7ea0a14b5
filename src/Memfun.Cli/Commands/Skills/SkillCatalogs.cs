using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Memfun.Core.Text;
using Memfun.Hosting.Configuration;
using Memfun.Skills;
using Memfun.Skills.Definitions;
using Memfun.Skills.Discovery;
using Spectre.Console;

namespace Memfun.Cli.Commands.Skills;

/// <summary>What the skill commands share: discovery for the project, lookup with suggestions, and issue printing.</summary>
internal static class SkillCatalogs
{
    public static SkillCatalog Discover(CliEnvironment environment, MemfunConfig config) =>
        SkillDiscovery.Discover(DefinitionRoots.Skills(config.ProjectRoot, environment.Variables));

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

    public static void WriteIssues(IAnsiConsole console, IEnumerable<DefinitionIssue> issues)
    {
        foreach (var issue in issues)
        {
            var color = issue.Severity == IssueSeverity.Error ? "red" : "yellow";
            console.MarkupLine($"[{color}]{Markup.Escape(issue.ToString())}[/]");
        }
    }

    public static string Relative(MemfunConfig config, string path)
    {
        var relative = Path.GetRelativePath(config.ProjectRoot, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
