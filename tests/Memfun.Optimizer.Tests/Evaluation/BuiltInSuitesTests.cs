using System.Text.RegularExpressions;
using Memfun.Optimizer.Evaluation;
using Memfun.Testing;

namespace Memfun.Optimizer.Tests.Evaluation;

/// <summary>The generated suites: deterministic by seed, and their expected answers true of their contexts.</summary>
public sealed class BuiltInSuitesTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public void Aggregation_IsDeterministicBySeed_AndItsAnswersAreTrueOfTheText()
    {
        var tasks = BuiltInSuites.GenerateAggregation(7, [1_000, 50_000]);
        var again = BuiltInSuites.GenerateAggregation(7, [1_000, 50_000]);
        var other = BuiltInSuites.GenerateAggregation(8, [1_000, 50_000]);

        Assert.Equal(4, tasks.Count);
        Assert.Equal(tasks.Select(t => (t.Id, t.Expected, t.Variables[0].Value)), again.Select(t => (t.Id, t.Expected, t.Variables[0].Value)));
        Assert.NotEqual(tasks[2].Variables[0].Value, other[2].Variables[0].Value);
        foreach (var task in tasks)
        {
            var text = task.Variables[0].Value;
            int Count(string label) => Regex.Count(text, $@"\(label: {label}\)");
            if (task.Scorer == "number")
            {
                var label = Regex.Match(task.Query, "'(\\w+)'").Groups[1].Value;
                Assert.Equal(Count(label).ToString(System.Globalization.CultureInfo.InvariantCulture), task.Expected);
            }
            else
            {
                var labels = Regex.Matches(task.Query, "'(\\w+)'").Select(m => m.Groups[1].Value).ToList();
                Assert.Equal(Count(labels[0]) > Count(labels[1]) ? labels[0] : labels[1], task.Expected);
                Assert.NotEqual(Count(labels[0]), Count(labels[1]));
            }
        }
    }

    [Fact]
    public void Aggregation_ReachesTenMegabytes()
    {
        var task = BuiltInSuites.GenerateAggregation(1, [10_000_000])[0];

        Assert.InRange(task.ContextChars, 10_000_000, 10_001_000);
        Assert.Equal("count-" + Regex.Match(task.Query, "'(\\w+)'").Groups[1].Value + "-10MB", task.Id);
    }

    [Fact]
    public void Needle_IsPlantedInExactlyOneFileOfAMultiThousandFileRepository()
    {
        var task = BuiltInSuites.GenerateNeedle(3, 2_500);

        Assert.Equal(2_500, task.Files.Count);
        Assert.Single(task.Files, f => f.Value.Contains(task.Expected, StringComparison.Ordinal));
        Assert.Equal(task.Files, BuiltInSuites.GenerateNeedle(3, 2_500).Files);
        Assert.NotEqual(task.Expected, BuiltInSuites.GenerateNeedle(4, 2_500).Expected);
    }

    [Fact]
    public async Task Fix_TheTestFailsOnTheBuggyFileAndPassesOnTheExpectedOne()
    {
        foreach (var seed in Enumerable.Range(1, 12))
        {
            var task = BuiltInSuites.GenerateFix(seed);
            var (module, expected) = Assert.Single(task.ExpectedFiles);
            var test = task.Files.Single(f => f.Key.StartsWith("test_", StringComparison.Ordinal));

            Assert.False(await RunsCleanAsync(task.Files[module], test.Value), $"seed {seed}: the test passes on the buggy code");
            Assert.True(await RunsCleanAsync(expected, test.Value), $"seed {seed}: the test fails on the fix");
        }
    }

    [Fact]
    public async Task UserSuite_ReadsJsonlTasks_AndNamesTheBadLine()
    {
        using var folder = new TempDirectory();
        var good = folder.WriteFile("mine.jsonl", """
            {"id": "a", "query": "What is 2+2?", "scorer": "number", "expected": 4}
            {"id": "b", "query": "Name?", "scorer": "exact", "expected": "memfun", "context": "name: memfun"}
            """);
        var bad = folder.WriteFile("bad.jsonl", "{\"id\": \"a\", \"query\": \"q\", \"scorer\": \"exact\", \"expected\": \"x\"}\n{\"id\": \"b\", \"query\": \"q\", \"scorer\": \"fuzzy\"}\n");

        var tasks = await UserSuites.LoadAsync(good, Cancellation);
        var error = await Assert.ThrowsAsync<Core.Errors.ConfigException>(() => UserSuites.LoadAsync(bad, Cancellation));

        Assert.Equal(["a", "b"], tasks.Select(t => t.Id));
        Assert.Equal("4", tasks[0].Expected);
        Assert.Equal("mine", tasks[1].Suite);
        Assert.Equal("name: memfun", tasks[1].Variables[0].Value);
        Assert.Contains("bad.jsonl:2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1KB,100KB,10MB", new[] { 1_000, 100_000, 10_000_000 })]
    [InlineData("512", new[] { 512 })]
    public void Sizes_Parse(string text, int[] sizes) => Assert.Equal(sizes, SuiteSelection.ParseSizes(text));

    // The generated module and test, run by the real Python: the test's assert decides.
    private static async Task<bool> RunsCleanAsync(string module, string test)
    {
        var name = Regex.Match(test, @"from (\w+) import").Groups[1].Value;
        var script = $"import sys, types\nm = types.ModuleType('{name}')\nexec({Literal(module)}, m.__dict__)\nsys.modules['{name}'] = m\nns = {{}}\nexec({Literal(test)}, ns)\n[f() for k, f in ns.items() if k.startswith('test_')]\n";
        var result = await Core.Processes.ProcessRunner.TryRunAsync("python3", ["-c", script], Path.GetTempPath(), TimeSpan.FromSeconds(30), Cancellation);
        return result!.Succeeded;
    }

    private static string Literal(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "'";
}
