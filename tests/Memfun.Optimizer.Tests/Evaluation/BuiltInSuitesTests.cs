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
    public async Task Fix_ItsTestCommandFailsOnTheBuggyProjectAndPassesOnTheExpectedOne()
    {
        foreach (var seed in Enumerable.Range(1, 12))
        {
            var task = BuiltInSuites.GenerateFix(seed);
            var (module, expected) = Assert.Single(task.ExpectedFiles);

            Assert.Equal("test", task.Scorer);
            Assert.False(await TestPassesAsync(task, task.Files), $"seed {seed}: the test passes on the buggy code");
            Assert.True(await TestPassesAsync(task, new Dictionary<string, string>(task.Files) { [module] = expected }), $"seed {seed}: the test fails on the fix");
        }
    }

    [Fact]
    public async Task UserSuite_ReadsJsonlTasks_AndNamesTheBadLine()
    {
        using var folder = new TempDirectory();
        var good = folder.WriteFile("mine.jsonl", """
            {"id": "a", "query": "What is 2+2?", "scorer": "number", "expected": 4}
            {"id": "b", "query": "Name?", "scorer": "exact", "expected": "memfun", "context": "name: memfun"}
            {"id": "c", "query": "Fix it.", "scorer": "test", "test": "python3 test_a.py", "editing": true, "files": {"a.py": "x = 1\n"}}
            """);
        var untested = folder.WriteFile("untested.jsonl", "{\"id\": \"c\", \"query\": \"Fix it.\", \"scorer\": \"test\"}\n");
        var bad = folder.WriteFile("bad.jsonl", "{\"id\": \"a\", \"query\": \"q\", \"scorer\": \"exact\", \"expected\": \"x\"}\n{\"id\": \"b\", \"query\": \"q\", \"scorer\": \"fuzzy\"}\n");

        var tasks = await UserSuites.LoadAsync(good, Cancellation);
        var error = await Assert.ThrowsAsync<Core.Errors.ConfigException>(() => UserSuites.LoadAsync(bad, Cancellation));

        var noTest = await Assert.ThrowsAsync<Core.Errors.ConfigException>(() => UserSuites.LoadAsync(untested, Cancellation));

        Assert.Equal(["a", "b", "c"], tasks.Select(t => t.Id));
        Assert.Equal("python3 test_a.py", tasks[2].TestCommand);
        Assert.Contains("untested.jsonl:1", noTest.Message, StringComparison.Ordinal);
        Assert.Equal("4", tasks[0].Expected);
        Assert.Equal("mine", tasks[1].Suite);
        Assert.Equal("name: memfun", tasks[1].Variables[0].Value);
        Assert.Contains("bad.jsonl:2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1KB,100KB,10MB", new[] { 1_000, 100_000, 10_000_000 })]
    [InlineData("512", new[] { 512 })]
    public void Sizes_Parse(string text, int[] sizes) => Assert.Equal(sizes, SuiteSelection.ParseSizes(text));

    // The task's own test command, run by the real Python over the project's files: the test's assert decides.
    private static async Task<bool> TestPassesAsync(EvalTask task, IReadOnlyDictionary<string, string> files)
    {
        using var project = new TempDirectory();
        foreach (var (path, content) in files)
        {
            project.WriteFile(path, content);
        }

        var result = await Core.Processes.ProcessRunner.TryRunAsync("sh", ["-c", task.TestCommand!], project.Path, TimeSpan.FromSeconds(30), Cancellation);
        return result!.Succeeded;
    }
}
