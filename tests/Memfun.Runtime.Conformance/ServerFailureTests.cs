using System.Text;
using Memfun.Core.Errors;
using Memfun.Runtime.Errors;
using Memfun.Runtime.Events;
using Memfun.Testing;

namespace Memfun.Runtime.Conformance;

/// <summary>
/// What a server-backed tier must do when its server fails, against a server of the test's own (so the shared
/// one is never disturbed): restarted, paused with SIGSTOP, protected by credentials the client gets wrong, gone.
/// </summary>
public abstract class ServerFailureTests
{
    /// <summary>Gets the test's cancellation token.</summary>
    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Gets the tier's name as errors show it (<c>redis</c>, <c>nats</c>).</summary>
    protected abstract string TierName { get; }

    /// <summary>Starts a server of the tier; with <paramref name="password"/>, one that requires it.</summary>
    protected abstract Task<ServerProcess> StartServerAsync(string? password = null);

    /// <summary>Returns the URL of <paramref name="server"/>, with <paramref name="password"/> if given.</summary>
    protected abstract string Url(ServerProcess server, string? password = null);

    /// <summary>Connects the tier to <paramref name="url"/> with a short timeout, in a namespace of its own.</summary>
    protected abstract Task<IRuntimeBackend> ConnectAsync(string url);

    [Fact]
    public async Task ServerRestart_WhilePublishingAndConsuming_LosesNoAcknowledgedEvent_AndRedeliversUnacked()
    {
        await using var server = await StartServerAsync();
        await using var backend = await ConnectAsync(Url(server));
        var bus = backend.EventBus;
        await bus.CreateTopicAsync("jobs", new TopicOptions { AckTimeout = TimeSpan.FromSeconds(1) }, Cancellation);
        var published = new HashSet<string>();
        for (var i = 0; i < 50; i++)
        {
            published.Add(await bus.PublishAsync("jobs", Encoding.UTF8.GetBytes($"before-{i}"), cancellationToken: Cancellation));
        }

        var (acked, unacked) = await TakeAsync(bus, 20);

        // Publishing goes on while the server restarts: every publish that returned an id must survive.
        var restarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var publisher = Task.Run(
            async () =>
            {
                var ids = new List<string>();
                for (var i = 0; i < 50; i++)
                {
                    if (i == 10)
                    {
                        await restarted.Task;
                    }

                    ids.Add(await RetryAsync(() => bus.PublishAsync("jobs", Encoding.UTF8.GetBytes($"during-{i}"), cancellationToken: Cancellation).AsTask()));
                }

                return ids;
            },
            Cancellation);
        await server.StopAsync();
        await server.StartAsync();
        restarted.SetResult();
        published.UnionWith(await publisher);

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
        await using var server = await StartServerAsync();
        await using var backend = await ConnectAsync(Url(server));
        await backend.StateStore.SetAsync("k", Encoding.UTF8.GetBytes("before"), cancellationToken: Cancellation);

        server.Pause();
        var error = await Assert.ThrowsAsync<BackendException>(async () =>
            await backend.StateStore.SetAsync("k", Encoding.UTF8.GetBytes("during"), cancellationToken: Cancellation).AsTask().WaitAsync(TimeSpan.FromSeconds(60), Cancellation));
        server.Resume();

        Assert.Equal(MemfunErrorCodes.BackendUnavailable, error.ErrorCode);
        Assert.Contains($"{TierName} tier at {Url(server)}", error.Message, StringComparison.Ordinal);
        await RetryAsync(() => backend.StateStore.SetAsync("k", Encoding.UTF8.GetBytes("after"), cancellationToken: Cancellation).AsTask());
        Assert.Equal("after", Encoding.UTF8.GetString((await backend.StateStore.GetAsync("k", Cancellation))!.Value.Span));
    }

    [Fact]
    public async Task WrongPassword_FailsWithTheTierAndARedactedUrl()
    {
        await using var server = await StartServerAsync("right-password-123");

        var error = await Assert.ThrowsAsync<BackendException>(() => ConnectAsync(Url(server, "wrong-password-456")));

        Assert.Equal(MemfunErrorCodes.BackendUnavailable, error.ErrorCode);
        Assert.Contains($"{TierName} tier at {Url(server, "***")}", error.Message, StringComparison.Ordinal);
        Assert.Contains("credentials", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-456", error.ToString(), StringComparison.Ordinal);
        await using var right = await ConnectAsync(Url(server, "right-password-123"));
        await right.CheckAsync(Cancellation);
    }

    [Fact]
    public async Task NothingListening_FailsWithTheTierAndUrl()
    {
        string url;
        await using (var server = await StartServerAsync())
        {
            url = Url(server);
        }

        var error = await Assert.ThrowsAsync<BackendException>(() => ConnectAsync(url));

        Assert.Equal(MemfunErrorCodes.BackendUnavailable, error.ErrorCode);
        Assert.Contains($"{TierName} tier at {url}", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Retries while the client reconnects (a deadline, not a timing assertion).</summary>
    protected static async Task<T> RetryAsync<T>(Func<Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
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

    private static async Task<(List<string> Acked, EventMessage Unacked)> TakeAsync(IEventBus bus, int ack)
    {
        var acked = new List<string>();
        await foreach (var message in bus.SubscribeAsync("jobs", "workers", "first", Cancellation))
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
}
