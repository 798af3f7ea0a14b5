using System.ComponentModel;
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
/// <c>memfun skill validate [PATH...]</c>: checks skills against the Agent Skills specification and exits non-zero on
/// any error, so other projects' CI can run it. A path is a skill folder, its <c>SKILL.md</c>, or a folder of skills.
/// </summary>
public sealed class SkillValidateCommand(CliEnvironment environment) : MemfunCommand<SkillValidateCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override async Task<int> RunAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        IReadOnlyList<DefinitionRoot> roots;
        var checkedSkills = 0;
        var issues = new List<DefinitionIssue>();
        if (settings.Paths.Length == 0)
        {
            roots = DefinitionRoots.Skills(Environment.WorkingDirectory, Environment.Variables).Where(r => r.Trust == TrustTier.Project).ToList();
        }
        else
        {
            var list = new List<DefinitionRoot>();
            foreach (var path in settings.Paths.Select(p => Path.GetFullPath(p, Environment.WorkingDirectory)))
            {
                var directory = Path.GetFileName(path) == "SKILL.md" ? Path.GetDirectoryName(path)! : path;
                if (!Directory.Exists(directory))
                {
                    throw new SkillException(MemfunErrorCodes.SkillNotFound, $"{path} does not exist.") { Hint = "Give a skill folder, its SKILL.md, or a folder of skills." };
                }

                if (File.Exists(Path.Combine(directory, "SKILL.md")))
                {
                    checkedSkills++;
                    SkillParser.Load(directory, TrustTier.Untrusted, issues);
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
            var catalog = SkillDiscovery.Discover([root]);
            checkedSkills += catalog.Skills.Count + catalog.Shadowed.Count + catalog.Errors.Select(e => e.File).Distinct().Count();
            issues.AddRange(catalog.Issues);
        }

        if (checkedSkills == 0)
        {
            // A CI step pointed at the wrong folder must not pass for having checked nothing.
            throw new SkillException(MemfunErrorCodes.SkillNotFound, $"No SKILL.md was found in {string.Join(", ", roots.Select(r => r.Directory).DefaultIfEmpty("the project's skill folders"))}.")
            {
                Hint = "Give a skill folder (one with a SKILL.md), a SKILL.md, or a folder of skill folders.",
            };
        }

        var errors = issues.Count(i => i.Severity == IssueSeverity.Error);
        var warnings = issues.Count - errors;
        var failed = errors > 0 || (settings.Strict && warnings > 0);
        if (settings.Json)
        {
            await WriteJsonAsync(new
            {
                valid = !failed,
                skills = checkedSkills,
                errors,
                warnings,
                issues = issues.Select(i => new { file = i.File, line = i.Line, field = i.Field, severity = i.Severity.ToString().ToLowerInvariant(), message = i.Message }),
            }).ConfigureAwait(false);
            return failed ? ExitCodes.Skill : ExitCodes.Success;
        }

        foreach (var issue in issues)
        {
            Environment.Out.WriteLine(issue.ToString());
        }

        var summary = $"{checkedSkills} skill(s) checked: {errors} error(s), {warnings} warning(s).";
        Environment.Error.MarkupLine(failed ? $"[red]{Markup.Escape(summary)}[/]" : $"[green]{Markup.Escape(summary)}[/]");
        return failed ? ExitCodes.Skill : ExitCodes.Success;
    }

    /// <summary>What to check.</summary>
    public sealed class Settings : JsonSettings
    {
        /// <summary>Gets or sets the paths.</summary>
        [CommandArgument(0, "[PATH]")]
        [Description("Skill folders, SKILL.md files or folders of skills (default: .memfun/skills and .agents/skills).")]
        public string[] Paths { get; set; } = [];

        /// <summary>Gets or sets whether warnings fail too.</summary>
        [CommandOption("--strict")]
        [Description("Fail on warnings too (unknown fields, unknown tools).")]
        public bool Strict { get; set; }
    }
}
