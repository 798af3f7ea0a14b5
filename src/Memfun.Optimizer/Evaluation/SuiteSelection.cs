using System.Globalization;

namespace Memfun.Optimizer.Evaluation;

/// <summary>Which suites to run and how to generate the built-in ones.</summary>
public sealed record SuiteSelection
{
    /// <summary>Gets built-in suite names or paths of JSONL task files (empty: every built-in suite).</summary>
    public IReadOnlyList<string> Suites { get; init; } = [];

    /// <summary>Gets the seed of the generated suites.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Gets the aggregation contexts' sizes in characters (null: 1 KB to 10 MB).</summary>
    public IReadOnlyList<int>? Sizes { get; init; }

    /// <summary>Gets the files of each needle repository.</summary>
    public int RepositoryFiles { get; init; } = 2_000;

    /// <summary>Gets the tasks of the needle and fix suites.</summary>
    public int Count { get; init; } = 3;

    /// <summary>Gets the suites' names as reports show them.</summary>
    public IReadOnlyList<string> Names => Suites.Count == 0 ? BuiltInSuites.Names : [.. Suites.Select(s => BuiltInSuites.Names.Contains(s) ? s : Path.GetFileNameWithoutExtension(s))];

    /// <summary>Generates or reads every selected task, in order; a relative file path starts at <paramref name="workingDirectory"/>.</summary>
    /// <exception cref="Core.Errors.ConfigException">A suite is neither built in nor a readable task file.</exception>
    public async Task<IReadOnlyList<EvalTask>> LoadAsync(string workingDirectory, CancellationToken cancellationToken = default)
    {
        var tasks = new List<EvalTask>();
        foreach (var suite in Suites.Count == 0 ? BuiltInSuites.Names : Suites)
        {
            tasks.AddRange(BuiltInSuites.Names.Contains(suite)
                ? BuiltInSuites.Generate(suite, Seed, Sizes, RepositoryFiles, Count)
                : await UserSuites.LoadAsync(Path.GetFullPath(suite, workingDirectory), cancellationToken).ConfigureAwait(false));
        }

        return tasks;
    }

    /// <summary>Parses sizes such as <c>1KB,100KB,10MB</c> or plain character counts.</summary>
    /// <exception cref="Core.Errors.ConfigException">A size is not a positive number with an optional KB or MB unit.</exception>
    public static IReadOnlyList<int> ParseSizes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(ParseSize)];
    }

    private static int ParseSize(string size)
    {
        var upper = size.ToUpperInvariant();
        var (digits, factor) = upper.EndsWith("MB", StringComparison.Ordinal) ? (upper[..^2], 1_000_000)
            : upper.EndsWith("KB", StringComparison.Ordinal) ? (upper[..^2], 1_000)
            : (upper, 1);
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 && (long)value * factor <= 100_000_000
            ? value * factor
            : throw new Core.Errors.ConfigException($"'{size}' is not a context size.") { Hint = "Give sizes as 1KB,100KB,10MB or in characters; at most 100MB." };
    }
}
