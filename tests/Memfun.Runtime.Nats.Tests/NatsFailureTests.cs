using System.Text;
using Memfun.Core.Errors;
using Memfun.Core.Types;
using Memfun.Runtime.Events;
using Memfun.Testing;

namespace Memfun.Runtime.Nats.Tests;

/// <summary>The NATS tier against a server of the test's own that is restarted, paused or locked.</summary>
public sealed class NatsFailureTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static NatsBackendOptions Options(ServerProcess server, string? password = null) => new()
    {
        Url = password is null ? $"nats://127.0.0.1:{server.Port}" : $"nats://memfun:{password}@127.0.0.1:{server.Port}",
        Namespace = "f" + Guid.NewGuid().ToString("N")[..12],
        Timeout = TimeSpan.FromSeconds(2),
    };

    [Fact]
    public async Task ServerRestart_WhilePublishingAndConsuming_LosesNoAcknowledgedEvent_AndRedeliversUnacked()
    {
        await using var server = await ServerProcess.StartNatsAsync();
        var options = Options(server);
        await using var backend = await NatsBackend.ConnectAsync(options, cancellationToken: Cancellation);
        var bus = backend.EventBus;
        await bus.CreateTopicAsync("jobs", new TopicOptions { AckTimeout = TimeSpan.FromSeconds(1) }, Cancellation);
        var published = new HashSet<string>();
        for (var i = 0; i < 50; i++)
        {
            published.Add(await bus.PublishAsync("jobs", Encoding.UTF8.GetBytes($"before-{i}"), cancellationToken: Cancellation));
        }

        var (acked, unacked) = await TakeAsync(bus, 20);

        await server.StopAsync();
        await server.StartAsync();
        for (var i = 0; i < 50; i++)
        {
            published.Add(await RetryAsync(() => bus.PublishAsync("jobs", Encoding.UTF8.GetBytes($"after-{i}"), cancellationToken: Cancellation).AsTask()));
        }

        var seen = new HashSet<string>(acked);
        EventMessage? redelivered = null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        await foreach (var message in bus.SubscribeAsync("jobs", "workers", "second", deadline.Token))
        {
            seen.Add(message.Id);
            if (message.Id == unacked.Id)
            {
                redelivered = message;
            }

            await bus.AckAsync(message, Cancellation);
            if (published.IsSubsetOf(seen))
            {
                break;
            }
        }

        Assert.Subset(seen, published);
        Assert.NotNull(redelivered);
        Assert.True(redelivered.DeliveryCount >= 2);
    }

    [Fact]
    public async Task ServerPaused_CommandsFailWithAClearError_ThenRecoverAfterResume()
    {
        await using var server = await ServerProcess.StartNatsAsync();
        var options = Options(server);
        await using var backend = await NatsBackend.ConnectAsync(options, cancellationToken: Cancellation);
        await backend.StateStore.SetAsync("k", Encoding.UTF8.GetBytes("before"), cancellationToken: Cancellation);

        server.Pause();
        var error = await Assert.ThrowsAsync<BackendException>(async () =>
            await backend.StateStore.SetAsync("k", Encoding.UTF8.GetBytes("during"), cancellationToken: Cancellation).AsTask().WaitAsync(TimeSpan.FromSeconds(60), Cancellation));
        server.Resume();

        Assert.Equal(MemfunErrorCodes.BackendUnavailable, error.ErrorCode);
        Assert.Contains("nats", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{server.Port}", error.Message, StringComparison.Ordinal);
        var revision = await RetryAsync(() => backend.StateStore.SetAsync("k", Encoding.UTF8.GetBytes("after"), cancellationToken: Cancellation).AsTask());
        Assert.True(revision > 0);
        Assert.Equal("after", Encoding.UTF8.GetString((await backend.StateStore.GetAsync("k", Cancellation))!.Value.Span));
    }

    [Fact]
    public async Task WrongPassword_FailsWithTheTierAndARedactedUrl()
    {
        await using var server = await ServerProcess.StartNatsAsync(true, "--user", "memfun", "--pass", "right-password-123");

        var error = await Assert.ThrowsAsync<BackendException>(() => NatsBackend.ConnectAsync(Options(server, "wrong-password-456"), cancellationToken: Cancellation));

        Assert.Equal(MemfunErrorCodes.BackendUnavailable, error.ErrorCode);
        Assert.Contains($"nats tier at nats://memfun:***@127.0.0.1:{server.Port}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-456", error.ToString(), StringComparison.Ordinal);
        await using var right = await NatsBackend.ConnectAsync(Options(server, "right-password-123"), cancellationToken: Cancellation);
        await right.CheckAsync(Cancellation);
    }

    [Fact]
    public async Task NothingListening_FailsWithTheTierAndUrl()
    {
        int port;
        await using (var server = await ServerProcess.StartNatsAsync())
        {
            port = server.Port;
        }

        var error = await Assert.ThrowsAsync<BackendException>(() =>
            NatsBackend.ConnectAsync(new NatsBackendOptions { Url = $"nats://127.0.0.1:{port}", Timeout = TimeSpan.FromSeconds(1) }, cancellationToken: Cancellation));

        Assert.Equal(MemfunErrorCodes.BackendUnavailable, error.ErrorCode);
        Assert.Contains($"nats tier at nats://127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JetStreamDisabled_FailsSayingWhatIsMissing()
    {
        await using var server = await ServerProcess.StartNatsAsync(jetStream: false);

        var error = await Assert.ThrowsAsync<BackendException>(() => NatsBackend.ConnectAsync(Options(server), cancellationToken: Cancellation));

        Assert.Equal(MemfunErrorCodes.BackendMissingFeature, error.ErrorCode);
        Assert.Contains("JetStream", error.Message, StringComparison.Ordinal);
        Assert.Contains($"nats tier at nats://127.0.0.1:{server.Port}", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(List<string> Acked, EventMessage Unacked)> TakeAsync(IEventBus bus, int ack)
    {
        var acked = new List<string>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        await foreach (var message in bus.SubscribeAsync("jobs", "workers", "first", stop.Token))
        {
            if (acked.Count == ack)
            {
                return (acked, message);
            }

            await bus.AckAsync(message, Cancellation);
            acked.Add(message.Id);
        }

        throw new InvalidOperationException("the subscription ended early");
    }

    /// <summary>Retries while the client reconnects (a deadline, not a timing assertion).</summary>
    private static async Task<T> RetryAsync<T>(Func<Task<T>> action)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                return await action();
            }
            catch (BackendException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, Cancellation);
            }
        }
    }
}
