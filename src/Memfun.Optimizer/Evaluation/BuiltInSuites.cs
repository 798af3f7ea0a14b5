using System.Globalization;
using System.Text;
using Memfun.Agent.Rlm;

namespace Memfun.Optimizer.Evaluation;

/// <summary>
/// The built-in suites, generated locally and deterministic by seed: <c>aggregation</c> (OOLONG-style counting and
/// comparing of labelled records spread through 1 KB … 10 MB), <c>needle</c> (a fact planted in one file of a
/// generated multi-thousand-file repository) and <c>fix</c> (a small project with a failing test whose bug must be
/// fixed; read-only: scored by the staged diff).
/// </summary>
public static class BuiltInSuites
{
    /// <summary>The aggregation suite's name.</summary>
    public const string Aggregation = "aggregation";

    /// <summary>The needle-in-a-repository suite's name.</summary>
    public const string Needle = "needle";

    /// <summary>The fix-the-bug suite's name.</summary>
    public const string Fix = "fix";

    /// <summary>Gets the aggregation suite's context sizes, in characters: 1 KB to 10 MB.</summary>
    public static IReadOnlyList<int> DefaultSizes { get; } = [1_000, 10_000, 100_000, 1_000_000, 10_000_000];

    private static readonly string[] Labels = ["billing", "shipping", "refund", "login", "feature", "bug"];
    private static readonly string[] Words = ["order", "account", "package", "invoice", "delay", "screen", "password", "charge", "update", "window", "driver", "report", "export", "button", "email", "sync"];
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Gets the built-in suites' names.</summary>
    public static IReadOnlyList<string> Names { get; } = [Aggregation, Needle, Fix];

    /// <summary>Generates a built-in suite.</summary>
    /// <param name="name">The suite's name.</param>
    /// <param name="seed">The seed: the same seed gives the same tasks.</param>
    /// <param name="sizes">The aggregation contexts' sizes in characters (null: <see cref="DefaultSizes"/>).</param>
    /// <param name="repositoryFiles">The files of each needle repository.</param>
    /// <param name="count">Tasks of the needle and fix suites.</param>
    public static IReadOnlyList<EvalTask> Generate(string name, int seed, IReadOnlyList<int>? sizes = null, int repositoryFiles = 2_000, int count = 3) => name switch
    {
        Aggregation => GenerateAggregation(seed, sizes ?? DefaultSizes),
        Needle => [.. Enumerable.Range(0, count).Select(i => GenerateNeedle(seed + i, repositoryFiles, i))],
        Fix => [.. Enumerable.Range(0, count).Select(i => GenerateFix(seed + i, i))],
        _ => throw new Core.Errors.ConfigException($"There is no built-in suite '{name}'.") { Hint = $"Use one of: {string.Join(", ", Names)}, or a .jsonl file of tasks." },
    };

    /// <summary>Two tasks per size over one generated log: count one label, and say which of two labels is more frequent.</summary>
    public static IReadOnlyList<EvalTask> GenerateAggregation(int seed, IReadOnlyList<int> sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        var tasks = new List<EvalTask>();
        foreach (var size in sizes)
        {
            var random = new Random(HashCode.Combine(seed, size));
            var (text, counts) = Records(random, size);
            var label = Labels[random.Next(Labels.Length)];
            var (a, b) = TwoDistinctCounts(random, counts);
            var variable = new RlmVariable("context", text, "support-ticket records, one per line: date, user, (label: X), text");
            var sizeName = SizeName(size);
            tasks.Add(new EvalTask
            {
                Id = $"count-{label}-{sizeName}",
                Suite = Aggregation,
                Query = $"How many records in `context` have the label '{label}'? Answer with the number only.",
                Scorer = "number",
                Expected = counts[label].ToString(Invariant),
                Variables = [variable],
            });
            tasks.Add(new EvalTask
            {
                Id = $"compare-{a}-{b}-{sizeName}",
                Suite = Aggregation,
                Query = $"Which label occurs in more records of `context`: '{a}' or '{b}'? Answer with the label only.",
                Scorer = "exact",
                Expected = counts[a] > counts[b] ? a : b,
                Variables = [variable],
            });
        }

        return tasks;
    }

    /// <summary>A repository of <paramref name="files"/> Python modules, one of which defines the needle constant.</summary>
    public static EvalTask GenerateNeedle(int seed, int files, int index = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(files, 1);
        var random = new Random(seed);
        var repository = new Dictionary<string, string>(StringComparer.Ordinal);
        var planted = random.Next(files);
        var constant = $"{Words[random.Next(Words.Length)].ToUpperInvariant()}_{Words[random.Next(Words.Length)].ToUpperInvariant()}_SIGNING_KEY";
        var value = $"k-{random.Next():x8}{random.Next():x8}";
        for (var i = 0; i < files; i++)
        {
            var path = $"src/pkg_{i / 50:D3}/module_{i:D4}.py";
            var text = new StringBuilder();
            text.Append(Invariant, $"\"\"\"Module {i}: {Words[random.Next(Words.Length)]} helpers.\"\"\"\n\n");
            text.Append(Invariant, $"LIMIT_{i} = {random.Next(1, 1000)}\n\n");
            text.Append(Invariant, $"def {Words[random.Next(Words.Length)]}_{i}(value):\n    return value * {random.Next(2, 9)} + LIMIT_{i}\n");
            if (i == planted)
            {
                text.Append(Invariant, $"\n{constant} = \"{value}\"\n");
            }

            repository[path] = text.ToString();
        }

        return new EvalTask
        {
            Id = $"needle-{index}",
            Suite = Needle,
            Query = $"What is the value of the constant {constant} defined somewhere in this repository? Answer with the value only.",
            Scorer = "contains",
            Expected = value,
            Files = repository,
        };
    }

    /// <summary>A small module with one planted bug and a test that fails because of it; the fix is the expected file.</summary>
    public static EvalTask GenerateFix(int seed, int index = 0)
    {
        var random = new Random(seed);
        var name = $"{Words[random.Next(Words.Length)]}_total";
        var bugs = new (string Buggy, string Fixed, string Test)[]
        {
            ($"def {name}(n):\n    \"\"\"Sum of 1..n.\"\"\"\n    return sum(range(1, n))\n", $"def {name}(n):\n    \"\"\"Sum of 1..n.\"\"\"\n    return sum(range(1, n + 1))\n", $"assert {name}(4) == 10"),
            ($"def {name}(items):\n    \"\"\"The largest item.\"\"\"\n    return min(items)\n", $"def {name}(items):\n    \"\"\"The largest item.\"\"\"\n    return max(items)\n", $"assert {name}([3, 9, 4]) == 9"),
            ($"def {name}(a, b):\n    \"\"\"The difference a - b.\"\"\"\n    return b - a\n", $"def {name}(a, b):\n    \"\"\"The difference a - b.\"\"\"\n    return a - b\n", $"assert {name}(7, 2) == 5"),
            ($"def {name}(price, rate):\n    \"\"\"Price after a discount rate between 0 and 1.\"\"\"\n    return price * rate\n", $"def {name}(price, rate):\n    \"\"\"Price after a discount rate between 0 and 1.\"\"\"\n    return price * (1 - rate)\n", $"assert {name}(100, 0.25) == 75"),
        };
        var (buggy, fixedText, test) = bugs[random.Next(bugs.Length)];
        var module = $"calc_{index}.py";
        var helpers = string.Concat(Enumerable.Range(0, 3).Select(i => $"\n\ndef helper_{i}(x):\n    return x + {random.Next(1, 50)}\n"));
        return new EvalTask
        {
            Id = $"fix-{index}",
            Suite = Fix,
            Query = $"The test in test_calc_{index}.py fails. Find the bug in {module} and fix it with the smallest change.",
            Scorer = "diff",
            Editing = true,
            Files = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [module] = buggy + helpers,
                [$"test_calc_{index}.py"] = $"from calc_{index} import {name}\n\n\ndef test_{name}():\n    {test}\n",
            },
            ExpectedFiles = new Dictionary<string, string>(StringComparer.Ordinal) { [module] = fixedText + helpers },
        };
    }

    private static (string Text, Dictionary<string, int> Counts) Records(Random random, int size)
    {
        var counts = Labels.ToDictionary(l => l, _ => 0, StringComparer.Ordinal);
        var text = new StringBuilder(size + 200);
        // Skewed label frequencies, so comparisons have a clear winner that depends on the seed.
        var weights = Labels.Select(_ => random.Next(1, 10)).ToArray();
        var total = weights.Sum();
        while (text.Length < size)
        {
            var pick = random.Next(total);
            var label = 0;
            while (pick >= weights[label])
            {
                pick -= weights[label];
                label++;
            }

            counts[Labels[label]]++;
            text.Append(Invariant, $"2025-{random.Next(1, 13):D2}-{random.Next(1, 29):D2} user_{random.Next(10_000):D4} (label: {Labels[label]}): ")
                .Append(Words[random.Next(Words.Length)]).Append(' ').Append(Words[random.Next(Words.Length)]).Append(' ').Append(Words[random.Next(Words.Length)]).Append('\n');
        }

        return (text.ToString(), counts);
    }

    private static (string A, string B) TwoDistinctCounts(Random random, Dictionary<string, int> counts)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var a = Labels[random.Next(Labels.Length)];
            var b = Labels[random.Next(Labels.Length)];
            if (a != b && counts[a] != counts[b])
            {
                return (a, b);
            }
        }

        var ordered = counts.OrderByDescending(c => c.Value).ToList();
        return (ordered[0].Key, ordered[^1].Key);
    }

    private static string SizeName(int size) => size switch
    {
        >= 1_000_000 => $"{size / 1_000_000}MB",
        >= 1_000 => $"{size / 1_000}KB",
        _ => $"{size}B",
    };
}
