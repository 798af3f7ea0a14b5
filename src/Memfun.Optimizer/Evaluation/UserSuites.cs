using System.Text.Json;
using Memfun.Agent.Rlm;
using Memfun.Core.Errors;

namespace Memfun.Optimizer.Evaluation;

/// <summary>
/// Reads a user's suite: a JSONL file, one task per line with <c>id</c>, <c>query</c>, <c>scorer</c>, <c>expected</c>
/// and optionally <c>context</c> (text bound as the <c>context</c> variable), <c>files</c> (path → content of the
/// project), <c>expected_files</c> (for <c>diff</c>), <c>guidance</c> and <c>editing</c>.
/// </summary>
public static class UserSuites
{
    /// <summary>Loads the tasks of <paramref name="path"/>; the suite is named after the file.</summary>
    /// <exception cref="ConfigException">A line is not a valid task (the message names the line).</exception>
    public static async Task<IReadOnlyList<EvalTask>> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException($"There is no task file {path}.") { Hint = "Give a built-in suite (aggregation, needle, fix) or a .jsonl file of tasks." };
        }

        var suite = Path.GetFileNameWithoutExtension(path);
        var tasks = new List<EvalTask>();
        var lines = await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            try
            {
                tasks.Add(Parse(suite, lines[i]));
            }
            catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or ConfigException)
            {
                throw new ConfigException($"{path}:{i + 1}: not a valid task: {exception.Message}", exception)
                {
                    Hint = "Each line is a JSON object with id, query, scorer and expected (or expected_files for diff).",
                };
            }
        }

        return tasks;
    }

    private static EvalTask Parse(string suite, string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var scorer = root.GetProperty("scorer").GetString() ?? "";
        if (!EvalScorers.Exists(scorer))
        {
            throw EvalScorer.Unknown(scorer);
        }

        return new EvalTask
        {
            Id = root.GetProperty("id").GetString() ?? throw new InvalidOperationException("id is null"),
            Suite = suite,
            Query = root.GetProperty("query").GetString() ?? throw new InvalidOperationException("query is null"),
            Scorer = scorer,
            Expected = root.TryGetProperty("expected", out var expected) ? expected.ValueKind == JsonValueKind.String ? expected.GetString()! : expected.GetRawText() : "",
            Guidance = root.TryGetProperty("guidance", out var guidance) ? guidance.GetString() ?? "" : "",
            Editing = root.TryGetProperty("editing", out var editing) && editing.GetBoolean(),
            Variables = root.TryGetProperty("context", out var context) ? [new RlmVariable("context", context.GetString() ?? "", "the task's context")] : [],
            Files = Files(root, "files"),
            ExpectedFiles = Files(root, "expected_files"),
        };
    }

    private static Dictionary<string, string> Files(JsonElement root, string name) =>
        root.TryGetProperty(name, out var files)
            ? files.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
}
