using Memfun.Agent.Rlm;
using Memfun.Testing.Llm;
using static Memfun.Agent.Tests.RlmHarness;

namespace Memfun.Agent.Tests.Rlm;

/// <summary>The root model's replies stream: the observer sees each piece as it arrives, and the turn is as before.</summary>
public sealed class RlmStreamingTests : IAsyncLifetime
{
    private RlmHarness _harness = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _harness = await StartAsync(Cancellation);

    public async ValueTask DisposeAsync() => await _harness.DisposeAsync();

    private static RlmRequest Request => new() { Query = "What is x?", Variables = [new RlmVariable("context", "abc", "some text")] };

    [Fact]
    public async Task Pieces_MakeUpEachReply_ArriveBeforeItsTurn_AndUsageIsStillCounted()
    {
        var first = Code("x = 6 * 7\nprint('x is', x)");
        var second = Code("SUBMIT(str(x))");
        _harness.Root(first, second);

        var result = await _harness.RunAsync(Request, cancellationToken: Cancellation);

        Assert.Equal("42", result.Answer);
        var deltas = _harness.Observer.Deltas;
        Assert.Equal(first, string.Concat(deltas.Where(d => d.Turn == 1).Select(d => d.Text)));
        Assert.Equal(second, string.Concat(deltas.Where(d => d.Turn == 2).Select(d => d.Text)));
        Assert.True(deltas.Count(d => d.Turn == 1) > 1, "the reply should arrive in several pieces");
        Assert.All(deltas, d => Assert.Equal((result.RunId, 0), (d.RunId, d.Depth)));
        // Every piece of a turn comes before the turn's event, and the reply is parsed from the whole of them.
        var sequence = _harness.Observer.Sequence;
        var turns = _harness.Observer.OfType<RlmIteration>();
        Assert.True(sequence.ToList().FindLastIndex(s => s is RlmTextDelta { Turn: 1 }) < sequence.ToList().IndexOf(turns[0]));
        Assert.Equal("x = 6 * 7\nprint('x is', x)", turns[0].Code);
        Assert.Contains("x is 42", turns[0].Output, StringComparison.Ordinal);
        // The calls were streamed, asking for usage in the stream, and the usage was counted per turn and for the run.
        Assert.All(_harness.RootRequests, r =>
        {
            Assert.True(r.Stream);
            Assert.True(r.Body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        });
        Assert.All(turns, t => Assert.Equal((100L, 20L), (t.InputTokens, t.OutputTokens)));
        Assert.Equal((2, 200L, 40L), (result.Usage.Calls, result.Usage.InputTokens, result.Usage.OutputTokens));
    }

    [Fact]
    public async Task APiece_IsObserved_WhileTheRestOfTheReplyIsHeldBack()
    {
        var firstPiece = new TaskCompletionSource<RlmTextDelta>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reply = Code("SUBMIT('done')");
        // The server sends the first chunk, then holds the rest until the observer has seen that chunk.
        _harness.Server.Enqueue(new ScriptedReply { Text = reply, HoldAfterFirstChunk = firstPiece.Task });
        _harness.Observer.DeltaReceived = delta => firstPiece.TrySetResult(delta);

        // Without streaming the run would wait for the whole reply forever; the run's timeout turns that into a failure.
        var result = await _harness.RunAsync(Request, new RlmOptions { Timeout = TimeSpan.FromMinutes(1) }, cancellationToken: Cancellation);

        Assert.Equal("done", result.Answer);
        Assert.True(firstPiece.Task.IsCompletedSuccessfully, "no piece of the reply was observed");
        Assert.Equal(reply[..8], (await firstPiece.Task).Text);
        Assert.Equal(reply, string.Concat(_harness.Observer.Deltas.Select(d => d.Text)));
    }
}
