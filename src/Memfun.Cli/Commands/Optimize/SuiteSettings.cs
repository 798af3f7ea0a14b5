using System.ComponentModel;
using Memfun.Cli.Commands.Agent;
using Memfun.Optimizer.Evaluation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Optimize;

/// <summary>Options of <c>eval</c> and <c>optimize</c>: the suites, how to generate them, and the agent's limits.</summary>
public class SuiteSettings : AgentCommandSettings
{
    /// <summary>Gets or sets the suites: built-in names or JSONL task files.</summary>
    [CommandArgument(0, "[SUITE]")]
    [Description("Built-in suites (aggregation, needle, fix) or .jsonl task files; all built-in suites when none.")]
    public string[] Suites { get; set; } = [];

    /// <summary>Gets or sets the seed of the generated suites.</summary>
    [CommandOption("--seed <N>")]
    [Description("Seed of the generated suites: the same seed gives the same tasks.")]
    public int Seed { get; set; } = 1;

    /// <summary>Gets or sets the aggregation contexts' sizes.</summary>
    [CommandOption("--sizes <SIZES>")]
    [Description("Sizes of the aggregation contexts, such as 1KB,100KB,10MB (default 1KB to 10MB).")]
    public string? Sizes { get; set; }

    /// <summary>Gets or sets the files of each needle repository.</summary>
    [CommandOption("--repo-files <N>")]
    [Description("Files in each generated needle repository (default 2000).")]
    public int RepositoryFiles { get; set; } = 2_000;

    /// <summary>Gets or sets the tasks of the needle and fix suites.</summary>
    [CommandOption("--count <N>")]
    [Description("Tasks in the needle and fix suites (default 3).")]
    public int Count { get; set; } = 3;

    /// <summary>Returns the selected suites.</summary>
    public SuiteSelection Selection() => new()
    {
        Suites = Suites,
        Seed = Seed,
        Sizes = Sizes is null ? null : SuiteSelection.ParseSizes(Sizes),
        RepositoryFiles = RepositoryFiles,
        Count = Count,
    };

    /// <inheritdoc />
    public override ValidationResult Validate() =>
        RepositoryFiles < 1 || Count < 1 ? ValidationResult.Error("--repo-files and --count must be at least 1.")
        : OutputFormatName is "stream-json" || Context.Length > 0 ? ValidationResult.Error("eval and optimize print a table or --json; --output-format stream-json and --context are for the agent commands.")
        : base.Validate();
}
