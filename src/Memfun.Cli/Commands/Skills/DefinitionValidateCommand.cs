using Memfun.Cli.Infrastructure;
using Memfun.Cli.Rendering;
using Memfun.Core.Errors;
using Memfun.Skills;
using Memfun.Skills.Definitions;
using Memfun.Skills.Discovery;
using Memfun.Tools.Permissions;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Skills;

/// <summary>
/// Base of <c>skill validate</c> and <c>agent validate</c>: checks definitions and exits non-zero on any error, so other
/// projects' CI can run it. A path is a definition's folder, its definition file, or a folder of definitions.
/// </summary>
public abstract class DefinitionValidateCommand<TSettings>(CliEnvironment environment) : LocalCommand<TSettings>(environment)
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
    /// <remarks>Loops, not LINQ, and plain lines, not the consoles: the command runs in other projects' CI at every push (issue 20).</remarks>
    protected override int Run(CommandContext context, TSettings settings)
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
            foreach (var given in settings.Paths)
            {
                var path = Path.GetFullPath(given, Environment.WorkingDirectory);
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

        var searched = new List<string>();
        foreach (var root in roots)
        {
            var (count, found) = Discover(root);
            checkedCount += count;
            issues.AddRange(found);
            searched.Add(root.Directory);
        }

        if (checkedCount == 0)
        {
            // A CI step pointed at the wrong folder must not pass for having checked nothing.
            throw new SkillException(MemfunErrorCodes.SkillNotFound, $"No {FileName} was found in {(searched.Count == 0 ? "the project's folders" : string.Join(", ", searched))}.")
            {
                Hint = $"Give a folder with a {FileName}, the {FileName} itself, or a folder of such folders.",
            };
        }

        var errors = 0;
        foreach (var issue in issues)
        {
            errors += issue.Severity == IssueSeverity.Error ? 1 : 0;
        }

        var warnings = issues.Count - errors;
        var failed = errors > 0 || (settings.Strict && warnings > 0);
        if (settings.Json)
        {
            WriteJson(new Dictionary<string, object>
            {
                ["valid"] = !failed,
                [Noun] = checkedCount,
                ["errors"] = errors,
                ["warnings"] = warnings,
                ["issues"] = SkillCatalogs.JsonIssues(issues),
            });
            return failed ? ExitCodes.Skill : ExitCodes.Success;
        }

        // Issues quote the definitions' own text, which may come from a cloned repository: made inert.
        foreach (var issue in issues)
        {
            Environment.OutWriter.WriteLine(TerminalText.Inert(issue.ToString()));
        }

        var summary = $"{checkedCount} {Noun[..^1]}(s) checked: {errors} error(s), {warnings} warning(s).";
        Environment.ErrorWriter.WriteLine(Environment.PaintError(failed ? Ansi.Red : Ansi.Green, summary));
        return failed ? ExitCodes.Skill : ExitCodes.Success;
    }
}
