using System.Diagnostics.CodeAnalysis;
using System.Text;
using Memfun.Agent.Rlm;
using Memfun.Core.Errors;
using Memfun.Core.Files;
using Memfun.Runtime.Errors;
using Microsoft.Win32.SafeHandles;

namespace Memfun.Agent.Tracing;

/// <summary>Reads the traces under <c>.memfun/traces/</c> for <c>memfun traces list|show</c>, the MCP trace resources and the optimizer.</summary>
/// <remarks>
/// Reads are synchronous: trace files are local, and <c>memfun traces</c> runs without an async state
/// machine, which would be compiled at run time even in a ReadyToRun build (issue 20).
/// </remarks>
public sealed class TraceStore(string tracesDirectory)
{
    // The first read at either end of a trace file: a start or end line is usually a few hundred bytes.
    private const long EdgeWindow = 4096;

    /// <summary>Lists recorded runs, newest first; unreadable lines are skipped, files that cannot be opened left out.</summary>
    public IReadOnlyList<TraceSummary> List()
    {
        if (!Directory.Exists(tracesDirectory))
        {
            return [];
        }

        var summaries = new List<TraceSummary>();
        // Memfun writes its traces as regular files, so a link among them was planted (a cloned project's .memfun/traces/
        // pointing at another file): it is not read, and not served as an MCP resource. Nor is a pipe, which would block
        // the read; hidden files are not runs.
        foreach (var file in FolderEntries.Files(tracesDirectory))
        {
            var name = Path.GetFileName(file.AsSpan());
            if (name.StartsWith('.') || !name.EndsWith(".jsonl", StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                if (Summarise(file) is { } summary)
                {
                    summaries.Add(summary);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone or unreadable since it was listed: not a run to show, and the others still are.
            }
        }

        // Sorted in place: LINQ's ordering by a time builds its sorter at run time, even in a ReadyToRun build (issue 20).
        summaries.Sort(static (a, b) => b.StartedAt.CompareTo(a.StartedAt));
        return summaries;
    }

    /// <summary>Reads every event of a run; <paramref name="runId"/> may be a unique prefix, or <c>last</c>.</summary>
    /// <exception cref="AgentException">No run, or more than one, matches.</exception>
    public IReadOnlyList<RlmEvent> Read(string runId) => ReadFile(PathOf(runId));

    /// <summary>Reads every event of a listed run (no lookup: for a caller going through <see cref="List"/>).</summary>
    public static IReadOnlyList<RlmEvent> Read(TraceSummary run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return ReadFile(run.Path);
    }

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
        var matches = new List<TraceSummary>();
        foreach (var run in runs)
        {
            // `last` is the newest run (the list is newest first); an id matches the runs it is a prefix of.
            if (runId == "last" ? matches.Count == 0 : run.RunId.StartsWith(runId, StringComparison.Ordinal))
            {
                matches.Add(run);
            }
        }

        path = matches.Count == 1 ? matches[0].Path : null;
        error = matches.Count switch
        {
            1 => null,
            0 => new AgentException(MemfunErrorCodes.AgentNotFound, $"No recorded run matches '{runId}'.") { Hint = "`memfun traces list` shows the recorded runs." },
            _ => new AgentException(MemfunErrorCodes.AgentNotFound, $"'{runId}' matches {matches.Count} runs; give more of the id."),
        };
        return path is not null;
    }

    // A summary needs the root run's start and its end. The collector writes the start first and the end last, so two
    // lines are read, however long the run (its code, outputs and sub-runs in between): `traces list` and finding a run
    // for `traces show` stay fast with hundreds of long traces. A file of any other shape (a run cut short, a file not
    // written by the collector) is read whole, which gives the same summary.
    private static TraceSummary? Summarise(string path)
    {
        using (var handle = File.OpenHandle(path))
        {
            if (Parse(FirstLine(handle)) is RlmRunStarted { Depth: 0 } started && Parse(LastLine(handle)) is RlmRunFinished { Depth: 0 } finished)
            {
                return TraceSummary.From(started, finished, path);
            }
        }

        RlmRunStarted? root = null;
        RlmRunFinished? end = null;
        foreach (var line in ReadLines(path))
        {
            // Only a start or an end can be the root's: the other lines are not parsed.
            if (!line.Contains("\"run_started\"", StringComparison.Ordinal) && !line.Contains("\"run_finished\"", StringComparison.Ordinal))
            {
                continue;
            }

            switch (Parse(line))
            {
                case RlmRunStarted { Depth: 0 } runStarted when root is null:
                    root = runStarted;
                    break;
                case RlmRunFinished { Depth: 0 } runFinished:
                    end = runFinished;
                    break;
            }
        }

        return root is null ? null : TraceSummary.From(root, end, path);
    }

    // The first line, read in growing windows until its end is found.
    private static string FirstLine(SafeFileHandle handle)
    {
        var length = RandomAccess.GetLength(handle);
        for (var window = EdgeWindow; ; window *= 4)
        {
            var head = ReadRange(handle, 0, Math.Min(window, length));
            if (head.AsSpan().IndexOf((byte)'\n') is >= 0 and var end)
            {
                return Encoding.UTF8.GetString(head, 0, end);
            }

            // The whole file is one line (or it shrank while it was read).
            if (head.Length < window)
            {
                return Encoding.UTF8.GetString(head);
            }
        }
    }

    // The last line that is not empty, read in growing windows from the end until its start is found.
    private static string LastLine(SafeFileHandle handle)
    {
        var length = RandomAccess.GetLength(handle);
        for (var window = EdgeWindow; ; window *= 4)
        {
            var start = Math.Max(0, length - window);
            var tail = ReadRange(handle, start, length - start).AsSpan();
            while (tail is [.. var rest, (byte)'\n' or (byte)'\r'])
            {
                tail = rest;
            }

            if (tail.LastIndexOf((byte)'\n') is >= 0 and var newline)
            {
                return Encoding.UTF8.GetString(tail[(newline + 1)..]);
            }

            if (start == 0)
            {
                return Encoding.UTF8.GetString(tail);
            }
        }
    }

    private static byte[] ReadRange(SafeFileHandle handle, long offset, long count)
    {
        var bytes = new byte[count];
        var read = 0;
        while (read < bytes.Length && RandomAccess.Read(handle, bytes.AsSpan(read), offset + read) is > 0 and var got)
        {
            read += got;
        }

        return read == bytes.Length ? bytes : bytes[..read];
    }

    private static List<RlmEvent> ReadFile(string path)
    {
        var events = new List<RlmEvent>();
        foreach (var line in ReadLines(path))
        {
            if (Parse(line) is { } runEvent)
            {
                events.Add(runEvent);
            }
        }

        return events;
    }

    // The file's lines, read at once: a line feed ends each, and a carriage return before it and a UTF-8 byte order mark
    // are dropped. Not File.ReadLines, whose file stream, reader and decoder cost a `traces show` about 2 ms to set up
    // on first use (issue 20); a trace's events hold all its text anyway.
    private static List<string> ReadLines(string path)
    {
        var lines = new List<string>();
        ReadOnlySpan<byte> rest = File.ReadAllBytes(path);
        if (rest.StartsWith(Encoding.UTF8.Preamble))
        {
            rest = rest[Encoding.UTF8.Preamble.Length..];
        }

        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            lines.Add(Encoding.UTF8.GetString(line is [.. var text, (byte)'\r'] ? text : line));
            rest = end < 0 ? [] : rest[(end + 1)..];
        }

        return lines;
    }

    // An event, or null for a line cut short by a crash (the rest of the trace is still worth showing) or blank.
    private static RlmEvent? Parse(string line) => TraceLineReader.Read(line);
}
