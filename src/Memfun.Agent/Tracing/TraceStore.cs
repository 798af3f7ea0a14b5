using System.Text.Json;
using Memfun.Agent.Rlm;
using Memfun.Core.Errors;
using Memfun.Runtime.Errors;

namespace Memfun.Agent.Tracing;

/// <summary>Reads the traces under <c>.memfun/traces/</c> for <c>memfun traces list|show</c>.</summary>
public sealed class TraceStore(string tracesDirectory)
{
    /// <summary>Lists recorded runs, newest first; unreadable lines are skipped, unreadable files listed as incomplete.</summary>
    public async Task<IReadOnlyList<TraceSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(tracesDirectory))
        {
            return [];
        }

        var summaries = new List<TraceSummary>();
        foreach (var file in Directory.EnumerateFiles(tracesDirectory, "*.jsonl"))
        {
            var events = await ReadFileAsync(file, cancellationToken).ConfigureAwait(false);
            if (events.OfType<RlmRunStarted>().FirstOrDefault(e => e.Depth == 0) is { } started)
            {
                summaries.Add(TraceSummary.From(started, events.OfType<RlmRunFinished>().LastOrDefault(e => e.Depth == 0), file));
            }
        }

        return [.. summaries.OrderByDescending(s => s.StartedAt)];
    }

    /// <summary>Reads every event of a run; <paramref name="runId"/> may be a unique prefix, or <c>last</c>.</summary>
    /// <exception cref="AgentException">No run, or more than one, matches.</exception>
    public async Task<IReadOnlyList<RlmEvent>> ReadAsync(string runId, CancellationToken cancellationToken = default) =>
        await ReadFileAsync(await PathOfAsync(runId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>Returns the trace file of a run; <paramref name="runId"/> may be a unique prefix, or <c>last</c>.</summary>
    /// <exception cref="AgentException">No run, or more than one, matches.</exception>
    public async Task<string> PathOfAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var runs = await ListAsync(cancellationToken).ConfigureAwait(false);
        var matches = runId == "last" ? runs.Take(1).ToList() : runs.Where(r => r.RunId.StartsWith(runId, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            1 => matches[0].Path,
            0 => throw new AgentException(MemfunErrorCodes.AgentNotFound, $"No recorded run matches '{runId}'.") { Hint = "`memfun traces list` shows the recorded runs." },
            _ => throw new AgentException(MemfunErrorCodes.AgentNotFound, $"'{runId}' matches {matches.Count} runs; give more of the id."),
        };
    }

    private static async Task<List<RlmEvent>> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        var events = new List<RlmEvent>();
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false))
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
