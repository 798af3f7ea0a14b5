using Memfun.Core.Errors;
using Memfun.Llm.Errors;
using Memfun.Llm.Pipeline;
using Memfun.Testing.Llm;
using Microsoft.Extensions.AI;

namespace Memfun.Llm.Tests.Providers;

/// <summary>The same provider behaviour, run with the real SDK of each provider against its fake server.</summary>
public abstract class ProviderTestBase<TServer> : IAsyncLifetime
    where TServer : FakeLlmServer, new()
{
    protected const string KeyVariable = "MEMFUN_TEST_LLM_KEY";
    protected const string Key = "sk-test-0123456789abcdefXYZ";
    private static readonly Dictionary<string, string?> Environment = new() { [KeyVariable] = Key };

    protected TServer Server { get; } = new();

    protected abstract LlmProvider Provider { get; }

    public async ValueTask InitializeAsync() => await Server.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected LlmSettings Settings(string model = "test-model") => new()
    {
        Provider = Provider,
        Model = model,
        BaseUrl = Server.BaseUrl,
        ApiKeyEnv = KeyVariable,
        TimeoutSeconds = 5,
        Prices = new Dictionary<string, ModelPrice> { ["test-model"] = new(1.0, 2.0, 0.5) },
    };

    protected LlmClients Clients(LlmSettings? settings = null, LlmBudget? budget = null, ILlmCallObserver? observer = null) =>
        LlmClients.Create(settings ?? Settings(), new LlmClientOptions
        {
            Environment = Environment,
            Budget = budget,
            Observer = observer,
            Retry = new RetryOptions { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(10) },
        });

    [Fact]
    public async Task Completion_ReturnsTextAndRecordsUsageAndCost()
    {
        Server.Enqueue(new ScriptedReply { Text = "Hello there", InputTokens = 1000, OutputTokens = 500, CachedInputTokens = 200 });
        using var clients = Clients();

        var response = await clients.Root.GetResponseAsync("Say hello", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("Hello there", response.Text);
        var request = Assert.Single(Server.Requests);
        Assert.Equal("test-model", request.Model);
        Assert.Contains("Say hello", request.LastMessageText, StringComparison.Ordinal);
        var total = clients.Ledger.Total;
        Assert.Equal((1, 1000L, 500L, 200L), (total.Calls, total.InputTokens, total.OutputTokens, total.CachedInputTokens));
        // 800 uncached × $1 + 200 cached × $0.5 + 500 out × $2, per million tokens.
        Assert.Equal(0.0019m, total.CostUsd);
    }

    [Fact]
    public async Task Streaming_AssemblesTextAndRecordsUsage()
    {
        var text = "A longer reply that arrives in several chunks.";
        Server.Enqueue(new ScriptedReply { Text = text, InputTokens = 40, OutputTokens = 12 });
        using var clients = Clients();

        var pieces = new List<string>();
        await foreach (var update in clients.Root.GetStreamingResponseAsync("Stream please", cancellationToken: TestContext.Current.CancellationToken))
        {
            if (!string.IsNullOrEmpty(update.Text))
            {
                pieces.Add(update.Text);
            }
        }

        Assert.True(Server.Requests[0].Stream);
        Assert.True(pieces.Count > 1, "the reply should arrive in more than one update");
        Assert.Equal(text, string.Concat(pieces));
        Assert.Equal(40, clients.Ledger.Total.InputTokens);
        Assert.Equal(12, clients.Ledger.Total.OutputTokens);
    }

    [Fact]
    public async Task RateLimit_IsRetriedAfterTheServersRetryAfter()
    {
        Server.Enqueue(ScriptedReply.Error(429, "slow down", retryAfterSeconds: 1), ScriptedReply.Say("finally"));
        using var clients = Clients();

        var response = await clients.Root.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("finally", response.Text);
        Assert.Equal(2, Server.Requests.Count);
        Assert.True(Server.Requests[1].ReceivedAt - Server.Requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(950),
            "the second attempt must wait for Retry-After");
        Assert.Equal(1, clients.Ledger.Total.Calls);
    }

    [Fact]
    public async Task ServerErrors_AreRetriedThenReportedWithTheProvidersMessage()
    {
        Server.RespondWith(_ => ScriptedReply.Error(503, "overloaded"));
        using var clients = Clients();

        var error = await Assert.ThrowsAsync<LlmTransientException>(() => clients.Root.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(4, Server.Requests.Count);
        Assert.Equal(503, error.StatusCode);
        Assert.Contains("overloaded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectedKey_NamesTheVariableButNeverTheKey()
    {
        Server.Enqueue(ScriptedReply.Error(401, $"Incorrect API key provided: {Key}"));
        using var clients = Clients();

        var error = await Assert.ThrowsAsync<LlmException>(() => clients.Root.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(MemfunErrorCodes.LlmUnauthorized, error.ErrorCode);
        Assert.Contains($"${KeyVariable}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.Message + error.Hint, StringComparison.Ordinal);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task ContextOverflow_IsATypedError()
    {
        Server.Enqueue(ScriptedReply.Error(400, "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.", "context_length_exceeded"));
        using var clients = Clients();

        await Assert.ThrowsAsync<LlmContextLengthException>(() => clients.Root.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task CallBudget_StopsTheRunBeforeTheRequestIsSent()
    {
        Server.RespondWith(_ => ScriptedReply.Say("ok", inputTokens: 10, outputTokens: 5));
        using var clients = Clients(budget: new LlmBudget { MaxCalls = 2 });

        await clients.Root.GetResponseAsync("one", cancellationToken: TestContext.Current.CancellationToken);
        await clients.Sub.GetResponseAsync("two", cancellationToken: TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<LlmBudgetExceededException>(() => clients.Root.GetResponseAsync("three", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(2, Server.Requests.Count);
        Assert.Equal(2, error.Spent.Calls);
        Assert.Equal(30, error.Spent.TotalTokens);
    }

    [Fact]
    public async Task CostBudget_StopsOnceTheSpendReachesTheLimit()
    {
        // Each call costs 1,000,000 × $1 / 1M = $1.00 of input.
        Server.RespondWith(_ => ScriptedReply.Say("ok", inputTokens: 1_000_000, outputTokens: 0));
        using var clients = Clients(budget: new LlmBudget { MaxCostUsd = 1.5m });

        await clients.Root.GetResponseAsync("one", cancellationToken: TestContext.Current.CancellationToken);
        await clients.Root.GetResponseAsync("two", cancellationToken: TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<LlmBudgetExceededException>(() => clients.Root.GetResponseAsync("three", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(2m, error.Spent.CostUsd);
        Assert.Contains("$1.5", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task CostBudget_WithAModelThatHasNoPrice_RefusesBeforeAnyRequest()
    {
        Server.RespondWith(_ => ScriptedReply.Say("ok"));
        using var clients = Clients(Settings("house-model"), budget: new LlmBudget { MaxCostUsd = 1m });

        var error = await Assert.ThrowsAsync<LlmException>(() => clients.Root.GetResponseAsync("one", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(MemfunErrorCodes.LlmUnpricedModel, error.ErrorCode);
        Assert.Contains("model house-model has no price", error.Message, StringComparison.Ordinal);
        Assert.Contains("[llm.prices.\"house-model\"]", error.Hint, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task CostBudget_WhenTheProviderAnswersAsAModelWithoutAPrice_RefusesTheNextCall()
    {
        // Asked for the priced test-model, the provider says another model answered: that call counts as unpriced ($0).
        Server.Enqueue(new ScriptedReply { Text = "ok", AnsweredBy = "router/other-model" }, ScriptedReply.Say("never sent"));
        using var clients = Clients(budget: new LlmBudget { MaxCostUsd = 1m });

        await clients.Root.GetResponseAsync("one", cancellationToken: TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<LlmException>(() => clients.Root.GetResponseAsync("two", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(MemfunErrorCodes.LlmUnpricedModel, error.ErrorCode);
        Assert.Contains("model router/other-model has no price", error.Message, StringComparison.Ordinal);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task WithoutACostBudget_AModelWithoutAPrice_RunsAndIsCountedAsUnpriced()
    {
        Server.Enqueue(ScriptedReply.Say("ok"));
        using var clients = Clients(Settings("house-model"), budget: new LlmBudget { MaxCalls = 5 });

        var response = await clients.Root.GetResponseAsync("one", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("ok", response.Text);
        Assert.Equal(1, clients.Ledger.Total.UnpricedCalls);
    }

    [Fact]
    public async Task SubModel_IsUsedBySubCallsAndPricedSeparately()
    {
        Server.RespondWith(_ => ScriptedReply.Say("ok", inputTokens: 100, outputTokens: 10));
        using var clients = Clients(Settings() with { SubModel = "small-model" });

        await clients.Root.GetResponseAsync("root", cancellationToken: TestContext.Current.CancellationToken);
        await clients.Sub.GetResponseAsync("sub", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["test-model", "small-model"], Server.Requests.Select(r => r.Model));
        Assert.Equal(1, clients.Ledger.ByModel["small-model"].UnpricedCalls);
        Assert.Equal(0, clients.Ledger.ByModel["test-model"].UnpricedCalls);
    }

    [Fact]
    public async Task SlowServer_TimesOutWithATypedError()
    {
        Server.Enqueue(new ScriptedReply { Text = "late", Delay = TimeSpan.FromSeconds(10) });
        using var clients = LlmClients.Create(Settings() with { TimeoutSeconds = 1, MaxRetries = 0 }, new LlmClientOptions { Environment = Environment });

        var error = await Assert.ThrowsAsync<LlmTransientException>(() => clients.Root.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Null(error.StatusCode);
        Assert.Contains("did not answer within 1 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Observer_SeesEveryCallWithPromptReplyAndUsage()
    {
        Server.Enqueue(ScriptedReply.Say("traced reply", inputTokens: 7, outputTokens: 3));
        var observer = new RecordingObserver();
        using var clients = Clients(observer: observer);

        await clients.Root.GetResponseAsync("traced prompt", cancellationToken: TestContext.Current.CancellationToken);

        var call = Assert.Single(observer.Calls);
        Assert.Equal("test-model", call.Model);
        Assert.Equal("traced reply", call.ResponseText);
        Assert.Contains(call.Messages, m => m.Text == "traced prompt");
        Assert.Equal(7, call.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task Streaming_CancelledMidReply_IsNeitherCountedNorTraced_AsACancelledCallIsNot()
    {
        var never = new TaskCompletionSource();
        // The first piece arrives; the rest is held until the client gives up (Ctrl+C during a streamed turn).
        Server.Enqueue(new ScriptedReply { Text = "A reply cut off by Ctrl+C.", HoldAfterFirstChunk = never.Task });
        var observer = new RecordingObserver();
        using var clients = Clients(observer: observer);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var pieces = new List<string>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in clients.Root.GetStreamingResponseAsync("Stream please", cancellationToken: cancel.Token))
            {
                if (!string.IsNullOrEmpty(update.Text))
                {
                    pieces.Add(update.Text);
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.Equal(["A reply "], pieces);
        Assert.Equal(0, clients.Ledger.Total.Calls);
        Assert.Empty(observer.Calls);
        never.SetResult();
    }

    private sealed class RecordingObserver : ILlmCallObserver
    {
        public List<LlmCall> Calls { get; } = [];

        public void OnCall(LlmCall call)
        {
            lock (Calls)
            {
                Calls.Add(call);
            }
        }
    }
}
