using System.ComponentModel;
using System.Globalization;
using Memfun.Cli.Infrastructure;
using Memfun.Cli.Rendering;
using Memfun.Core.Errors;
using Memfun.Runtime.Skills;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Skills;

/// <summary><c>memfun skill search QUERY</c>: the skills that match, ranked by the runtime's skill registry (name matches first).</summary>
public sealed class SkillSearchCommand(CliEnvironment environment) : LocalCommand<SkillSearchCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override int Run(CommandContext context, Settings settings)
    {
        var catalog = WhileConfigLoads(projectRoot => SkillCatalogs.Discover(Environment, projectRoot), out _);

        // The catalogue is the project's current truth, ranked as every skill registry ranks what it holds.
        var skills = new List<SkillInfo>(catalog.Skills.Count);
        foreach (var skill in catalog.Skills)
        {
            skills.Add(skill.ToInfo());
        }

        var matches = SkillSearch.Rank(skills, settings.Query, settings.Limit);
        if (settings.Json)
        {
            WriteJson(JsonView(matches));
            return ExitCodes.Success;
        }

        if (matches.Count == 0)
        {
            Environment.ErrorWriter.WriteLine(TerminalText.Inert($"No skill matches '{settings.Query}'."));
            return ExitCodes.Success;
        }

        var table = new TextTable("Skill", "Score", "Description");
        foreach (var match in matches)
        {
            table.AddRow(match.Skill.Name, match.Score.ToString("0.##", CultureInfo.InvariantCulture), match.Skill.Description);
        }

        table.WriteTo(Environment.OutWriter, Environment.OutputWidth);
        return ExitCodes.Success;
    }

    // Its own method: the anonymous types of the JSON view would otherwise be loaded on every run, with or without --json.
    private static object JsonView(IReadOnlyList<SkillMatch> matches) =>
        matches.Select(m => new { name = m.Skill.Name, score = m.Score, description = m.Skill.Description, trust = m.Skill.Trust });

    /// <summary>The query.</summary>
    public sealed class Settings : JsonSettings
    {
        /// <summary>Gets or sets the query.</summary>
        [CommandArgument(0, "<QUERY>")]
        [Description("Words to look for in skill names and descriptions.")]
        public string Query { get; set; } = "";

        /// <summary>Gets or sets the most results.</summary>
        [CommandOption("--limit <N>")]
        [Description("Most results (default 10).")]
        public int Limit { get; set; } = 10;

        /// <inheritdoc />
        internal override bool TryReadOption(string name, string[] tokens, ref int index)
        {
            if (name is not "--limit")
            {
                return base.TryReadOption(name, tokens, ref index);
            }

            if (!TryReadNumber(tokens, ref index, out var limit))
            {
                return false;
            }

            Limit = limit;
            return true;
        }
    }
}
