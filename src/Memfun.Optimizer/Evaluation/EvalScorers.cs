using System.Globalization;
using System.Text.RegularExpressions;

namespace Memfun.Optimizer.Evaluation;

/// <summary>
/// The exact scorers a task can name: <c>exact</c> (normalised equality), <c>number</c> (OOLONG's 0.75^|y−ŷ|),
/// <c>contains</c> (the expected text appears in the answer) and <c>diff</c> (the staged edits produce exactly the
/// expected files).
/// </summary>
public static partial class EvalScorers
{
    private static readonly Dictionary<string, EvalScorer> ByName = new EvalScorer[] { new ExactScorer(), new NumberScorer(), new ContainsScorer(), new DiffScorer() }
        .ToDictionary(s => s.Name, StringComparer.Ordinal);

    /// <summary>Gets the scorers' names.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. ByName.Keys];

    /// <summary>Returns the scorer called <paramref name="name"/>.</summary>
    /// <exception cref="Core.Errors.ConfigException">No scorer has that name.</exception>
    public static EvalScorer Get(string name) => ByName.TryGetValue(name, out var scorer) ? scorer : throw EvalScorer.Unknown(name);

    /// <summary>Returns whether a scorer is called <paramref name="name"/>.</summary>
    public static bool Exists(string name) => ByName.ContainsKey(name);

    /// <summary>Lower-case, single-spaced, without surrounding quotes, backticks, emphasis or a final full stop.</summary>
    internal static string Normalize(string text)
    {
        char[] wrappers = ['`', '"', '\'', '*', ' ', '.'];
        var trimmed = WhitespaceRegex().Replace(text, " ").Trim().Trim(wrappers);
        return trimmed.ToLowerInvariant();
    }

    /// <summary>Files compare equal whatever their line endings and trailing spaces.</summary>
    internal static string NormalizeFile(string text) =>
        string.Join('\n', text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd())).TrimEnd('\n');

    internal static double? FirstNumber(string text)
    {
        var match = NumberRegex().Match(text.Replace(",", "", StringComparison.Ordinal));
        return match.Success && double.TryParse(match.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();

    [GeneratedRegex(@"-?\d+(\.\d+)?")]
    private static partial Regex NumberRegex();

    private sealed class ExactScorer : EvalScorer
    {
        public override string Name => "exact";

        public override (double Score, string Reason) Score(string answer, EvalExpectation expectation) =>
            Normalize(answer) == Normalize(expectation.Task.Expected) ? (1, "exact match") : (0, $"expected '{expectation.Task.Expected}'");
    }

    private sealed class NumberScorer : EvalScorer
    {
        public override string Name => "number";

        public override (double Score, string Reason) Score(string answer, EvalExpectation expectation)
        {
            if (FirstNumber(expectation.Task.Expected) is not { } expected)
            {
                throw new Core.Errors.ConfigException($"Task {expectation.Task.Id}: the number scorer needs a numeric expected answer, not '{expectation.Task.Expected}'.");
            }

            if (FirstNumber(answer) is not { } actual)
            {
                return (0, "the answer has no number");
            }

            var distance = Math.Abs(expected - actual);
            return (Math.Pow(0.75, distance), distance == 0 ? "exact number" : string.Create(CultureInfo.InvariantCulture, $"off by {distance}"));
        }
    }

    private sealed class ContainsScorer : EvalScorer
    {
        public override string Name => "contains";

        public override (double Score, string Reason) Score(string answer, EvalExpectation expectation) =>
            Normalize(answer).Contains(Normalize(expectation.Task.Expected), StringComparison.Ordinal) ? (1, "found") : (0, $"'{expectation.Task.Expected}' not in the answer");
    }

    private sealed class DiffScorer : EvalScorer
    {
        public override string Name => "diff";

        public override (double Score, string Reason) Score(string answer, EvalExpectation expectation)
        {
            var expected = expectation.Task.ExpectedFiles;
            if (expected.Count == 0)
            {
                throw new Core.Errors.ConfigException($"Task {expectation.Task.Id}: the diff scorer needs expected files.");
            }

            var extra = expectation.Staged.Keys.Where(p => !expected.ContainsKey(p)).ToList();
            if (extra.Count > 0)
            {
                return (0, $"changed files the fix does not touch: {string.Join(", ", extra)}");
            }

            var right = expected.Count(f => expectation.Staged.TryGetValue(f.Key, out var staged) && NormalizeFile(staged) == NormalizeFile(f.Value));
            return ((double)right / expected.Count, right == expected.Count ? "the staged change is the fix" : $"{right} of {expected.Count} files fixed");
        }
    }
}
