using System.Globalization;
using System.Text.RegularExpressions;
using Memfun.Sandbox;

namespace Memfun.Agent.Verification;

/// <summary>One run of the project's tests: how it ended and, when the runner's summary was recognised, the counts.</summary>
/// <param name="ExitCode">The command's exit code (-1 when it was killed at its timeout).</param>
/// <param name="Failed">Failed (and errored) tests, when the output said.</param>
/// <param name="Passed">Passed tests, when the output said.</param>
/// <param name="TimedOut">Whether the tests ran past their timeout.</param>
/// <param name="Output">The end of the output (standard error, then standard output), for the user and the model.</param>
public sealed partial record TestReport(int ExitCode, int? Failed, int? Passed, bool TimedOut, string Output)
{
    private const int KeptOutputChars = 4000;

    /// <summary>Gets a value indicating whether the tests passed.</summary>
    public bool Succeeded => ExitCode == 0 && !TimedOut && Failed is null or 0;

    /// <summary>Gets a short description: "3 failed", "12 passed", "failing (exit 2)", "timed out".</summary>
    public string Summary =>
        TimedOut ? "timed out"
        : Failed is > 0 ? $"{Failed} failed"
        : Succeeded ? (Passed is { } passed ? $"{passed} passed" : "passing")
        : $"failing (exit {ExitCode})";

    /// <summary>Reads a test runner's result (unittest, pytest, dotnet test, go test, cargo test, Jest/Vitest/Mocha).</summary>
    /// <param name="result">What the test command did.</param>
    public static TestReport From(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.Stdout + "\n" + result.Stderr;
        var (failed, passed) = Counts(text);
        if (failed is null && result.ExitCode == 0 && !result.TimedOut)
        {
            failed = passed is null ? null : 0;
        }

        var output = (result.Stderr.Trim() + "\n" + result.Stdout.Trim()).Trim();
        return new TestReport(result.ExitCode, failed, passed, result.TimedOut, output.Length <= KeptOutputChars ? output : "…" + output[^KeptOutputChars..]);
    }

    private static (int? Failed, int? Passed) Counts(string text)
    {
        // unittest: "Ran 5 tests" then "OK" or "FAILED (failures=2, errors=1)".
        if (UnittestRan().Match(text) is { Success: true } ran)
        {
            var total = Number(ran, "total");
            var failures = UnittestFailed().Match(text) is { Success: true } f ? Sum(f.Groups["counts"].Value, "failures", "errors") : 0;
            return (failures, total - failures);
        }

        // pytest: "== 2 failed, 3 passed in 0.1s ==".
        if (PytestSummary().Match(text) is { Success: true } pytest)
        {
            return (Count(pytest.Value, "failed") + Count(pytest.Value, "error") + Count(pytest.Value, "errors"), Count(pytest.Value, "passed"));
        }

        // dotnet test: "Failed!  - Failed:     1, Passed:    56" (one line per test project, summed).
        var dotnet = DotnetSummary().Matches(text);
        if (dotnet.Count > 0)
        {
            return (dotnet.Sum(m => Number(m, "failed")), dotnet.Sum(m => Number(m, "passed")));
        }

        // cargo: "test result: FAILED. 2 passed; 1 failed;".
        var cargo = CargoSummary().Matches(text);
        if (cargo.Count > 0)
        {
            return (cargo.Sum(m => Number(m, "failed")), cargo.Sum(m => Number(m, "passed")));
        }

        // Jest and Vitest: "Tests:       1 failed, 2 passed, 3 total" / "Tests  1 failed | 2 passed (3)".
        if (JestSummary().Match(text) is { Success: true } jest)
        {
            return (Count(jest.Value, "failed"), Count(jest.Value, "passed"));
        }

        // go test: one "--- FAIL:" per failed test, "--- PASS:" with -v.
        var goFailed = GoFailed().Count(text);
        return goFailed > 0 ? (goFailed, null) : (null, null);
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    private static int Count(string text, string word) =>
        Regex.Match(text, $@"(\d+) {word}\b") is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    private static int Sum(string counts, params string[] names) =>
        names.Sum(name => Regex.Match(counts, $@"\b{name}=(\d+)") is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0);

    [GeneratedRegex(@"^Ran (?<total>\d+) tests? in ", RegexOptions.Multiline)]
    private static partial Regex UnittestRan();

    [GeneratedRegex(@"^FAILED \((?<counts>[^)]*)\)", RegexOptions.Multiline)]
    private static partial Regex UnittestFailed();

    [GeneratedRegex(@"^=+ .*\b(?:passed|failed|error|errors)\b.* in [\d.]+s.*=+\s*$", RegexOptions.Multiline)]
    private static partial Regex PytestSummary();

    [GeneratedRegex(@"Failed:\s+(?<failed>\d+), Passed:\s+(?<passed>\d+)")]
    private static partial Regex DotnetSummary();

    [GeneratedRegex(@"test result: \w+\. (?<passed>\d+) passed; (?<failed>\d+) failed")]
    private static partial Regex CargoSummary();

    [GeneratedRegex(@"^\s*Tests:?\s+.*$", RegexOptions.Multiline)]
    private static partial Regex JestSummary();

    [GeneratedRegex(@"^\s*--- FAIL: ", RegexOptions.Multiline)]
    private static partial Regex GoFailed();
}
