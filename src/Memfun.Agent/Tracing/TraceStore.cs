using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Memfun.Agent.Rlm;
using Memfun.Core.Errors;
using Memfun.Runtime.Errors;

namespace Memfun.Agent.Tracing;

/// <summary>Reads the traces under <c>.memfun/traces/</c> for <c>memfun traces list|show</c>, the MCP trace resources and the optimizer.</summary>
/// <remarks>
/// Reads are synchronous: trace files are local and read whole, and <c>memfun traces</c> runs without an async state
/// machine, which would be compiled at run time even in a ReadyToRun build (issue 20).
/// </remarks>
public sealed class TraceStore(string tracesDirectory)
{
    // Memfun writes its traces as plain files, so a link among them was planted (a cloned project's .memfun/traces/
    // pointing at another file): it is not read, and not served as an MCP resource.
    private static readonly EnumerationOptions TraceFiles = new() { AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint };

    /// <summary>Lists recorded runs, newest first; unreadable lines are skipped, unreadable files listed as incomplete.</summary>
    public IReadOnlyList<TraceSummary> List()
    {
        if (!Directory.Exists(tracesDirectory))
        {
            return [];
        }

        var summaries = new List<TraceSummary>();
        foreach (var file in Directory.EnumerateFiles(tracesDirectory, "*.jsonl", TraceFiles))
        {
            var events = ReadFile(file);
            if (events.OfType<RlmRunStarted>().FirstOrDefault(e => e.Depth == 0) is { } started)
            {
                summaries.Add(TraceSummary.From(started, events.OfType<RlmRunFinished>().LastOrDefault(e => e.Depth == 0), file));
            }
        }

        return [.. summaries.OrderByDescending(s => s.StartedAt)];
    }

    /// <summary>Reads every event of a run; <paramref name="runId"/> may be a unique prefix, or <c>last</c>.</summary>
    /// <exception cref="AgentException">No run, or more than one, matches.</exception>
    public IReadOnlyList<RlmEvent> Read(string runId) => ReadFile(PathOf(runId));

    /// <summary>Reads every event of a run, or gives the error that says why not (no run, or more than one, matches) without throwing it.</summary>
    /// <param name="runId">A run id, a unique prefix of one, or <c>last</c>.</param>
    /// <param name="events">The run's events, when it returns true.</param>
    /// <param name="error">Why there are none, when it returns false.</param>
    public bool TryRead(string runId, [NotNullWhen(true)] out IReadOnlyList<RlmEvent>? events, [NotNullWhen(false)] out AgentException? error)
    {
        events = TryFind(runId, out var path, out error) ? ReadFile(path) : null;
        return events is not null;
    }

    /// <summary>Returns the trace file of a run; <paramref name="runId"/> may be a unique prefix, or <c>last</c>.</summary>
    /// <exception cref="AgentException">No run, or more than one, matches.</exception>
    public string PathOf(string runId) => TryFind(runId, out var path, out var error) ? path : throw error;

    // A run that is not found is an answer `memfun traces show` gives often, so it is returned, not thrown: a process's
    // first exception costs it milliseconds.
    private bool TryFind(string runId, [NotNullWhen(true)] out string? path, [NotNullWhen(false)] out AgentException? error)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var runs = List();
        var matches = runId == "last" ? runs.Take(1).ToList() : runs.Where(r => r.RunId.StartsWith(runId, StringComparison.Ordinal)).ToList();
        path = matches.Count == 1 ? matches[0].Path : null;
        error = matches.Count switch
        {
            1 => null,
            0 => new AgentException(MemfunErrorCodes.AgentNotFound, $"No recorded run matches '{runId}'.") { Hint = "`memfun traces list` shows the recorded runs." },
            _ => new AgentException(MemfunErrorCodes.AgentNotFound, $"'{runId}' matches {matches.Count} runs; give more of the id."),
        };
        return path is not null;
    }

    private static List<RlmEvent> ReadFile(string path)
    {
        var events = new List<RlmEvent>();
        foreach (var line in File.ReadLines(path))
        {
            try
            {
                if (JsonSerializer.Deserialize<RlmEvent>(line, TraceJson.Options) is { } runEvent)
                {
                    events.Add(runEvent);
                }
            }
            catch (JsonException)
            {
                // A line cut short by a crash: the rest of the trace is still worth showing.
            }
        }

        return events;
    }
}
