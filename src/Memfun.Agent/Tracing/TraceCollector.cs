using System.Text;
using System.Text.Json;
using Memfun.Agent.Rlm;
using Memfun.Core.Logging;
using Memfun.Runtime.State;

namespace Memfun.Agent.Tracing;

/// <summary>
/// Records a run's events, sub-runs included, as JSON lines in <c>.memfun/traces/&lt;run id&gt;.jsonl</c> as they
/// happen, and the run's summary in the runtime state store under <c>traces/&lt;run id&gt;</c> when it ends.
/// Secrets are redacted before anything is written.
/// </summary>
/// <remarks>Thread-safe: sub-call events arrive concurrently. Events before the root run starts are ignored.</remarks>
public sealed class TraceCollector : IRlmObserver, IDisposable
{
    private readonly string _directory;
    private readonly SecretRedactor _redactor;
    private readonly Lock _gate = new();
    private StreamWriter? _writer;
    private RlmRunStarted? _root;
    private RlmRunFinished? _rootFinished;

    /// <summary>Creates a collector that writes under <paramref name="tracesDirectory"/>.</summary>
    public TraceCollector(string tracesDirectory, SecretRedactor? redactor = null)
    {
        _directory = tracesDirectory;
        _redactor = redactor ?? SecretRedactor.FromEnvironment();
    }

    /// <summary>Gets the trace file of the root run, once it has started.</summary>
    public string? FilePath { get; private set; }

    /// <inheritdoc />
    public void OnEvent(RlmEvent runEvent)
    {
        ArgumentNullException.ThrowIfNull(runEvent);
        var line = _redactor.Redact(JsonSerializer.Serialize(runEvent, TraceJson.Options));
        lock (_gate)
        {
            if (_writer is null)
            {
                if (runEvent is not RlmRunStarted { Depth: 0 } started)
                {
                    return;
                }

                _root = started;
                Directory.CreateDirectory(_directory);
                FilePath = Path.Combine(_directory, started.RunId + ".jsonl");
                // A new file, never one that exists: with run ids unique, anything already there was planted.
                _writer = new StreamWriter(new FileStream(FilePath, FileMode.CreateNew, FileAccess.Write), new UTF8Encoding(false));
            }

            if (runEvent is RlmRunFinished { Depth: 0 } finished)
            {
                _rootFinished = finished;
            }

            _writer.WriteLine(line);
            _writer.Flush();
        }
    }

    /// <summary>Stores the root run's summary in <paramref name="store"/> (the trace file is already complete).</summary>
    public async Task SaveSummaryAsync(IStateStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        RlmRunStarted? root;
        RlmRunFinished? finished;
        lock (_gate)
        {
            (root, finished) = (_root, _rootFinished);
        }

        if (root is null)
        {
            return;
        }

        var summary = TraceSummary.From(root, finished, FilePath!);
        var json = _redactor.Redact(JsonSerializer.Serialize(summary, TraceJson.Options));
        await store.SetAsync($"traces/{root.RunId}", Encoding.UTF8.GetBytes(json), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }
}
