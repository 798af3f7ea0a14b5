using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Memfun.Core.Errors;

namespace Memfun.Sandbox;

/// <summary>
/// One kernel and its protocol, over any transport: requests go to its stdin, replies and host calls come from its stdout,
/// one JSON object per line. Host calls run concurrently on the thread pool and are answered as they finish.
/// </summary>
/// <remarks>
/// Security: everything the kernel sends is untrusted. Lines are capped at <see cref="KernelScript.MaxLineBytes"/>;
/// a line that is not JSON, an unknown or malformed message, a <c>done</c> for a request that is not pending, a call
/// to a function that is not bound, a second call with an id still in flight, or more than
/// <see cref="KernelScript.MaxConcurrentHostCalls"/> calls at once is a protocol violation: the kernel is killed, its
/// host calls are cancelled, and every pending request fails with <see cref="MemfunErrorCodes.SandboxProtocolViolation"/>.
/// </remarks>
internal sealed class KernelConnection : IAsyncDisposable
{
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 128 };
    private readonly IKernelTransport _transport;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<KernelDone>> _requests = new();
    private readonly ConcurrentDictionary<long, Task> _calls = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly HostCallClock _clock = new(TimeProvider.System);
    private readonly Task _reader;
    private volatile IReadOnlyDictionary<string, SandboxHostFunction> _functions = new Dictionary<string, SandboxHostFunction>();
    private volatile SandboxException? _failure;
    private long _nextRequest;

    private KernelConnection(IKernelTransport transport)
    {
        _transport = transport;
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>Gets a value indicating whether the kernel is gone (exited, or stopped for breaking the protocol).</summary>
    public bool HasExited => _failure is not null || _transport.HasExited;

    /// <summary>Connects to a started kernel and waits for its ready message.</summary>
    public static async Task<KernelConnection> OpenAsync(IKernelTransport transport, CancellationToken cancellationToken)
    {
        var kernel = new KernelConnection(transport);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await kernel._ready.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            transport.Ready();
        }
        catch (Exception e) when (e is OperationCanceledException or SandboxException)
        {
            // Stopped first: its standard error is then read to the end, and the reason it gave is in the message.
            await kernel.DisposeAsync().ConfigureAwait(false);
            var detail = transport.Describe();
            cancellationToken.ThrowIfCancellationRequested();
            throw new SandboxException(MemfunErrorCodes.SandboxUnavailable, $"The REPL kernel did not start: {(detail.Length > 0 ? detail : e.Message)}", e);
        }

        return kernel;
    }

    public async Task BindAsync(IReadOnlyDictionary<string, SandboxHostFunction> functions, CancellationToken cancellationToken)
    {
        _functions = functions;
        await RequestAsync("bind", json =>
        {
            json.WriteStartArray("names");
            foreach (var name in functions.Keys)
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
        }, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Binds a variable. A large value goes through the kernel's <see cref="ValueDrop"/> when it has one: the line
    /// names the file, the kernel maps it, and the file is removed once the kernel answers.
    /// </summary>
    public async Task<KernelDone> SetVariableAsync(string name, string value, CancellationToken cancellationToken)
    {
        if (_transport.Values is not { } values || value.Length < ValueDrop.MinimumChars)
        {
            return await RequestAsync("set", json =>
            {
                json.WriteString("name", name);
                json.WriteString("value", value);
            }, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }

        var file = await values.WriteAsync(value, cancellationToken).ConfigureAwait(false);
        try
        {
            return await RequestAsync("set", json =>
            {
                json.WriteString("name", name);
                json.WriteString("file", file);
            }, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            values.Delete(file);
        }
    }

    /// <summary>
    /// Runs code; throws <see cref="TimeoutException"/> when it runs past <paramref name="timeout"/> (the caller kills the kernel).
    /// Time spent waiting on host calls does not count: the clock stands still while any is in flight.
    /// </summary>
    public Task<KernelDone> ExecuteAsync(string code, TimeSpan timeout, CancellationToken cancellationToken) =>
        RequestAsync("exec", json => json.WriteString("code", code), timeout, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Fail(new SandboxException("The REPL kernel was stopped."));
        await _reader.ConfigureAwait(false);
        // Host calls were cancelled with the kernel; none may outlive it (a tool process, a sub-model call).
        foreach (var call in _calls.Values)
        {
            await call.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _transport.DisposeAsync().ConfigureAwait(false);
        _writeGate.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Turns a <c>done</c> message into an execution result.</summary>
    public static ExecutionResult ToResult(KernelDone done, string? notice) => new(
        done.Stdout,
        notice is null ? done.Stderr : notice + Environment.NewLine + done.Stderr,
        done.Error,
        TimeSpan.FromMilliseconds(done.ElapsedMs),
        done.Truncated,
        TimedOut: false);

    // Each request is one JSON object written field by field (no serializer built by reflection on a run's path).
    private async Task<KernelDone> RequestAsync(string type, Action<Utf8JsonWriter> fields, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextRequest);
        var reply = new TaskCompletionSource<KernelDone>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Removed when its done arrives, not when the caller stops waiting: a late done is not a violation.
        _requests[id] = reply;
        if (_failure is { } failure)
        {
            throw failure;
        }

        var line = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(line))
        {
            json.WriteStartObject();
            json.WriteNumber("id", id);
            json.WriteString("type", type);
            fields(json);
            json.WriteEndObject();
        }

        await WriteLineAsync(Encoding.UTF8.GetString(line.WrittenSpan), cancellationToken).ConfigureAwait(false);
        return await _clock.WaitAsync(reply.Task, timeout, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _transport.Input.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
            await _transport.Input.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw _failure ?? new SandboxException($"The REPL kernel is gone: {e.Message}", e);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        SandboxException? failure = null;
        try
        {
            await using var lines = new ProtocolLineReader(_transport.Output);
            await lines.ReadAllAsync(Handle, _stopping.Token).ConfigureAwait(false);
        }
        catch (KernelProtocolException e)
        {
            failure = new SandboxException(MemfunErrorCodes.SandboxProtocolViolation, $"The REPL kernel broke the sandbox protocol: {e.Message}. It was stopped.")
            {
                Hint = "This is what code that writes to the kernel's own channel causes; the next execution starts a fresh kernel.",
            };
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The channel broke, or the kernel is being stopped.
        }

        Fail(failure ?? new SandboxException($"The REPL kernel exited. {_transport.Describe()}".Trim()));
    }

    private void Fail(SandboxException failure)
    {
        if (Interlocked.CompareExchange(ref _failure, failure, null) is not null)
        {
            return;
        }

        _transport.Kill();
        _stopping.Cancel();
        _ready.TrySetException(failure);
        foreach (var pending in _requests.Values)
        {
            pending.TrySetException(failure);
        }
    }

    private void Handle(ReadOnlySequence<byte> line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, ParseOptions);
        }
        catch (JsonException e)
        {
            throw new KernelProtocolException($"a line that is not JSON ({e.Message})");
        }

        using (document)
        {
            try
            {
                Dispatch(document.RootElement);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
            {
                throw new KernelProtocolException($"a malformed message ({e.Message})");
            }
        }
    }

    private void Dispatch(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw new KernelProtocolException("a message that is not a JSON object");
        }

        var type = message.TryGetProperty("type", out var kind) && kind.ValueKind == JsonValueKind.String ? kind.GetString() : null;
        if (type == "violation")
        {
            throw new KernelProtocolException(Clip(Text(message, "message"), 500));
        }

        if (!_ready.Task.IsCompleted)
        {
            if (type != "ready")
            {
                throw new KernelProtocolException($"a '{Clip(type, 40)}' message before the kernel was ready");
            }

            _ready.TrySetResult();
            return;
        }

        switch (type)
        {
            case "done":
                var id = Whole(message, "id");
                var done = ReadDone(message);
                if (!_requests.TryRemove(id, out var request))
                {
                    throw new KernelProtocolException($"a 'done' for request {id}, which is not pending");
                }

                request.TrySetResult(done);
                break;
            case "call":
                StartCall(message);
                break;
            default:
                throw new KernelProtocolException($"an unexpected message type '{Clip(type, 40)}'");
        }
    }

    private static KernelDone ReadDone(JsonElement message)
    {
        ExecutionError? error = null;
        if (Property(message, "error") is { ValueKind: JsonValueKind.Object } e)
        {
            error = new ExecutionError(Text(e, "type"), Text(e, "message"), Text(e, "traceback"));
        }
        else if (Property(message, "error").ValueKind != JsonValueKind.Null)
        {
            throw new KernelProtocolException("a 'done' whose 'error' is neither an object nor null");
        }

        var truncated = Property(message, "truncated");
        var elapsed = Property(message, "elapsed_ms");
        if (truncated.ValueKind is not (JsonValueKind.True or JsonValueKind.False) || elapsed.ValueKind != JsonValueKind.Number)
        {
            throw new KernelProtocolException("a 'done' without a boolean 'truncated' and a number 'elapsed_ms'");
        }

        return new KernelDone(Text(message, "stdout"), Text(message, "stderr"), error, truncated.GetBoolean(), Math.Max(0, elapsed.GetDouble()));
    }

    private void StartCall(JsonElement message)
    {
        var callId = Whole(message, "call_id");
        var name = Text(message, "name");
        var args = Property(message, "args");
        var kwargs = Property(message, "kwargs");
        if (args.ValueKind != JsonValueKind.Array || kwargs.ValueKind != JsonValueKind.Object)
        {
            throw new KernelProtocolException("a call whose 'args' is not a list or whose 'kwargs' is not an object");
        }

        if (!_functions.TryGetValue(name, out var function))
        {
            throw new KernelProtocolException($"a call to '{Clip(name, 100)}', which is not a host function");
        }

        if (_calls.Count >= KernelScript.MaxConcurrentHostCalls)
        {
            throw new KernelProtocolException($"more than {KernelScript.MaxConcurrentHostCalls} host calls at once");
        }

        var arguments = JsonDocument.Parse($"{{\"args\":{args.GetRawText()},\"kwargs\":{kwargs.GetRawText()}}}", ParseOptions);
        var answer = new Task<Task>(() => AnswerCallAsync(callId, function, arguments));
        if (!_calls.TryAdd(callId, answer.Unwrap()))
        {
            arguments.Dispose();
            throw new KernelProtocolException($"a second call with id {callId} while the first is unanswered");
        }

        _clock.CallStarted();
        answer.Start(TaskScheduler.Default);
    }

    private async Task AnswerCallAsync(long callId, SandboxHostFunction function, JsonDocument arguments)
    {
        string reply;
        try
        {
            var value = await function(arguments.RootElement, _stopping.Token).ConfigureAwait(false);
            reply = $"{{\"type\":\"reply\",\"call_id\":{callId},\"value\":{(value.ValueKind == JsonValueKind.Undefined ? "null" : value.GetRawText())}}}";
        }
        catch (Exception e)
        {
            reply = $"{{\"type\":\"reply\",\"call_id\":{callId},\"error\":{JsonSerializer.Serialize(e.Message)}}}";
        }
        finally
        {
            arguments.Dispose();
            // Before the reply is written: once the kernel reads it, it may start another call in this slot.
            _calls.TryRemove(callId, out _);
        }

        try
        {
            await WriteLineAsync(reply, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SandboxException or ObjectDisposedException)
        {
            // The kernel died while the host was answering; the pending execution reports it.
        }
        finally
        {
            _clock.CallEnded();
        }
    }

    private static JsonElement Property(JsonElement message, string name) =>
        message.TryGetProperty(name, out var value) ? value : throw new KernelProtocolException($"a message without '{name}'");

    private static string Text(JsonElement message, string name) =>
        Property(message, name) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : throw new KernelProtocolException($"a message whose '{name}' is not a string");

    private static long Whole(JsonElement message, string name) =>
        Property(message, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number)
            ? number
            : throw new KernelProtocolException($"a message whose '{name}' is not a whole number");

    private static string Clip(string? text, int length) => text is null ? "(none)" : text.Length <= length ? text : text[..length] + "...";
}
