using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Memfun.Core.Errors;

namespace Memfun.Sandbox;

/// <summary>
/// One kernel and its protocol, over any transport: requests go to its stdin, replies and host calls come from its stdout,
/// one JSON object per line. Host calls run concurrently on the thread pool and are answered as they finish.
/// </summary>
internal sealed class KernelConnection : IAsyncDisposable
{
    private readonly IKernelTransport _transport;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> _requests = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reader;
    private IReadOnlyDictionary<string, SandboxHostFunction> _functions = new Dictionary<string, SandboxHostFunction>();
    private long _nextRequest;

    private KernelConnection(IKernelTransport transport)
    {
        _transport = transport;
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>Gets a value indicating whether the process has exited.</summary>
    public bool HasExited => _transport.HasExited;

    /// <summary>Connects to a started kernel and waits for its ready message.</summary>
    public static async Task<KernelConnection> OpenAsync(IKernelTransport transport, CancellationToken cancellationToken)
    {
        var kernel = new KernelConnection(transport);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await kernel._ready.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SandboxException)
        {
            var detail = transport.Describe();
            await kernel.DisposeAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new SandboxException(MemfunErrorCodes.SandboxUnavailable, $"The REPL kernel did not start: {(detail.Length > 0 ? detail : e.Message)}", e);
        }

        return kernel;
    }

    public async Task BindAsync(IReadOnlyDictionary<string, SandboxHostFunction> functions, CancellationToken cancellationToken)
    {
        _functions = functions;
        await RequestAsync(new { type = "bind", names = functions.Keys.ToArray() }, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
    }

    public Task<JsonElement> SetVariableAsync(string name, string value, CancellationToken cancellationToken) =>
        RequestAsync(new { type = "set", name, value }, Timeout.InfiniteTimeSpan, cancellationToken);

    /// <summary>Runs code; throws <see cref="TimeoutException"/> when it runs past <paramref name="timeout"/> (the caller kills the kernel).</summary>
    public Task<JsonElement> ExecuteAsync(string code, TimeSpan timeout, CancellationToken cancellationToken) =>
        RequestAsync(new { type = "exec", code }, timeout, cancellationToken);

    public void Kill() => _transport.Kill();

    public async ValueTask DisposeAsync()
    {
        _transport.Kill();
        await _reader.ConfigureAwait(false);
        await _transport.DisposeAsync().ConfigureAwait(false);
        _writeGate.Dispose();
    }

    private async Task<JsonElement> RequestAsync(object request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextRequest);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests[id] = reply;
        try
        {
            var message = JsonSerializer.SerializeToElement(request);
            var line = new StringBuilder("{\"id\":").Append(id);
            foreach (var property in message.EnumerateObject())
            {
                line.Append(',').Append(JsonSerializer.Serialize(property.Name)).Append(':').Append(property.Value.GetRawText());
            }

            await WriteLineAsync(line.Append('}').ToString(), cancellationToken).ConfigureAwait(false);
            return await reply.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _requests.TryRemove(id, out _);
        }
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
            throw new SandboxException($"The REPL kernel is gone: {e.Message}", e);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await _transport.Output.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                using var document = JsonDocument.Parse(line);
                var message = document.RootElement;
                switch (message.GetProperty("type").GetString())
                {
                    case "ready":
                        _ready.TrySetResult();
                        break;
                    case "done":
                        if (_requests.TryGetValue(message.GetProperty("id").GetInt64(), out var request))
                        {
                            request.TrySetResult(message.Clone());
                        }

                        break;
                    case "call":
                        var call = message.Clone();
                        _ = Task.Run(() => AnswerCallAsync(call));
                        break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException or ObjectDisposedException)
        {
            // A kernel that writes garbage on the protocol channel, or whose channel broke, is treated as dead.
        }

        var died = new SandboxException($"The REPL kernel exited. {_transport.Describe()}".Trim());
        _ready.TrySetException(died);
        foreach (var pending in _requests.Values)
        {
            pending.TrySetException(died);
        }
    }

    private async Task AnswerCallAsync(JsonElement call)
    {
        var callId = call.GetProperty("call_id").GetInt64();
        var name = call.GetProperty("name").GetString()!;
        string reply;
        try
        {
            if (!_functions.TryGetValue(name, out var function))
            {
                throw new InvalidOperationException($"there is no host function named '{name}'");
            }

            using var arguments = JsonDocument.Parse($"{{\"args\":{call.GetProperty("args").GetRawText()},\"kwargs\":{call.GetProperty("kwargs").GetRawText()}}}");
            var value = await function(arguments.RootElement, CancellationToken.None).ConfigureAwait(false);
            reply = $"{{\"type\":\"reply\",\"call_id\":{callId},\"value\":{(value.ValueKind == JsonValueKind.Undefined ? "null" : value.GetRawText())}}}";
        }
        catch (Exception e)
        {
            reply = $"{{\"type\":\"reply\",\"call_id\":{callId},\"error\":{JsonSerializer.Serialize(e.Message)}}}";
        }

        try
        {
            await WriteLineAsync(reply, CancellationToken.None).ConfigureAwait(false);
        }
        catch (SandboxException)
        {
            // The kernel died while the host was answering; the pending execution reports it.
        }
    }

    /// <summary>Turns a <c>done</c> message into an execution result.</summary>
    public static ExecutionResult ToResult(JsonElement done, string? notice)
    {
        ExecutionError? error = null;
        if (done.GetProperty("error") is { ValueKind: JsonValueKind.Object } e)
        {
            error = new ExecutionError(e.GetProperty("type").GetString()!, e.GetProperty("message").GetString()!, e.GetProperty("traceback").GetString()!);
        }

        var stderr = done.GetProperty("stderr").GetString()!;
        return new ExecutionResult(
            done.GetProperty("stdout").GetString()!,
            notice is null ? stderr : notice + Environment.NewLine + stderr,
            error,
            TimeSpan.FromMilliseconds(done.GetProperty("elapsed_ms").GetDouble()),
            done.GetProperty("truncated").GetBoolean(),
            TimedOut: false);
    }
}
