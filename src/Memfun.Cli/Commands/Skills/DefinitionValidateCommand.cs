using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Memfun.Skills;
using Memfun.Skills.Definitions;
using Memfun.Skills.Discovery;
using Memfun.Tools.Permissions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Skills;

/// <summary>
/// Base of <c>skill validate</c> and <c>agent validate</c>: checks definitions and exits non-zero on any error, so other
/// projects' CI can run it. A path is a definition's folder, its definition file, or a folder of definitions.
/// </summary>
public abstract class DefinitionValidateCommand<TSettings>(CliEnvironment environment) : MemfunCommand<TSettings>(environment)
    where TSettings : DefinitionValidateSettings
{
    /// <summary>Gets the definition file's name (<c>SKILL.md</c>, <c>AGENT.md</c>).</summary>
    protected abstract string FileName { get; }

    /// <summary>Gets the plural noun for the summary and JSON (<c>skills</c>, <c>agents</c>).</summary>
    protected abstract string Noun { get; }

    /// <summary>Returns the project's folders of definitions, checked when no path is given.</summary>
    protected abstract IReadOnlyList<DefinitionRoot> ProjectRoots();

    /// <summary>Loads the one definition in <paramref name="directory"/>, adding its problems to <paramref name="issues"/>.</summary>
    protected abstract void LoadOne(string directory, List<DefinitionIssue> issues);

    /// <summary>Discovers the definitions under <paramref name="root"/>: how many were checked, and their problems.</summary>
    protected abstract (int Checked, IReadOnlyList<DefinitionIssue> Issues) Discover(DefinitionRoot root);

    /// <inheritdoc />
    protected override async Task<int> RunAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        IReadOnlyList<DefinitionRoot> roots;
        var checkedCount = 0;
        var issues = new List<DefinitionIssue>();
        if (settings.Paths.Length == 0)
        {
            roots = ProjectRoots();
        }
        else
        {
            var list = new List<DefinitionRoot>();
            foreach (var path in settings.Paths.Select(p => Path.GetFullPath(p, Environment.WorkingDirectory)))
            {
                var directory = Path.GetFileName(path) == FileName ? Path.GetDirectoryName(path)! : path;
                if (!Directory.Exists(directory))
                {
                    throw new SkillException(MemfunErrorCodes.SkillNotFound, $"{path} does not exist.") { Hint = $"Give a folder with a {FileName}, the {FileName} itself, or a folder of such folders." };
                }

                if (File.Exists(Path.Combine(directory, FileName)))
                {
                    checkedCount++;
                    LoadOne(directory, issues);
                }
                else
                {
                    list.Add(new DefinitionRoot(directory, TrustTier.Untrusted));
                }
            }

            roots = list;
        }

        foreach (var root in roots)
        {
            var (count, found) = Discover(root);
            checkedCount += count;
            issues.AddRange(found);
        }

        if (checkedCount == 0)
        {
            // A CI step pointed at the wrong folder must not pass for having checked nothing.
            throw new SkillException(MemfunErrorCodes.SkillNotFound, $"No {FileName} was found in {string.Join(", ", roots.Select(r => r.Directory).DefaultIfEmpty("the project's folders"))}.")
            {
                Hint = $"Give a folder with a {FileName}, the {FileName} itself, or a folder of such folders.",
            };
        }

        var errors = issues.Count(i => i.Severity == IssueSeverity.Error);
        var warnings = issues.Count - errors;
        var failed = errors > 0 || (settings.Strict && warnings > 0);
        if (settings.Json)
        {
            await WriteJsonAsync(new Dictionary<string, object>
            {
                ["valid"] = !failed,
                [Noun] = checkedCount,
                ["errors"] = errors,
                ["warnings"] = warnings,
                ["issues"] = SkillCatalogs.JsonIssues(issues),
            }).ConfigureAwait(false);
            return failed ? ExitCodes.Skill : ExitCodes.Success;
        }

        foreach (var issue in issues)
        {
            Environment.Out.WriteLine(issue.ToString());
        }

        var summary = $"{checkedCount} {Noun[..^1]}(s) checked: {errors} error(s), {warnings} warning(s).";
        Environment.Error.MarkupLine(failed ? $"[red]{Markup.Escape(summary)}[/]" : $"[green]{Markup.Escape(summary)}[/]");
        return failed ? ExitCodes.Skill : ExitCodes.Success;
    }
}
