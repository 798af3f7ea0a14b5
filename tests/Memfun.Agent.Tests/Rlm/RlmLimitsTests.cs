using Memfun.Agent.Rlm;
using static Memfun.Agent.Tests.RlmHarness;

namespace Memfun.Agent.Tests.Rlm;

/// <summary>Oversized sub-model prompts and answers are refused in the model's Python code, and the run goes on.</summary>
public sealed class RlmLimitsTests : IAsyncLifetime
{
    private RlmHarness _harness = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _harness = await StartAsync(Cancellation);

    public async ValueTask DisposeAsync() => await _harness.DisposeAsync();

    private static RlmRequest Request() => new()
    {
        Query = "Summarise the context.",
        Variables = [new RlmVariable("context", "abc", "a short text")],
    };

    [Fact]
    public async Task AFiveMegabyteLlmQueryPrompt_RaisesInPython_NeverReachesTheSubModel_AndTheRunGoesOn()
    {
        _harness.Root(Code("llm_query('x' * 5_000_000)"), Code("SUBMIT(llm_query('small'))"));

        var result = await _harness.RunAsync(Request(), cancellationToken: Cancellation);

        Assert.Equal("sub:small", result.Answer);
        Assert.Contains("[error] HostError: llm_query: the prompt is 5,000,000 characters; the limit is 400,000 ([agent] max_sub_prompt_chars)",
            _harness.RootRequests[1].LastMessageText, StringComparison.Ordinal);
        Assert.Equal(["small"], _harness.SubRequests.Select(r => r.LastMessageText));
        Assert.Equal(1, result.SubCalls);
    }

    [Fact]
    public async Task ABatchWithOneOversizedPrompt_IsRefusedBeforeAnyItemIsSent()
    {
        _harness.Root(Code("llm_query_batched(['fine', 'y' * 2_000])"), Code("SUBMIT('done')"));

        var result = await _harness.RunAsync(Request(), new RlmOptions { MaxSubPromptChars = 1_000 }, cancellationToken: Cancellation);

        Assert.Equal("done", result.Answer);
        Assert.Contains("[error] HostError: llm_query_batched (prompt 1): the prompt is 2,000 characters; the limit is 1,000",
            _harness.RootRequests[1].LastMessageText, StringComparison.Ordinal);
        Assert.Empty(_harness.SubRequests);
    }

    [Fact]
    public async Task AnOversizedSubmit_RaisesInPython_AndALaterShortAnswerFinishesTheRun()
    {
        _harness.Root(Code("SUBMIT('z' * 300_000)"), Code("SUBMIT('z' * 50_000_000)"), Code("SUBMIT('short')"));

        var result = await _harness.RunAsync(Request(), cancellationToken: Cancellation);

        Assert.Equal(("short", RlmTermination.Submitted, 3), (result.Answer, result.Termination, result.Iterations));
        Assert.Contains("[error] HostError: SUBMIT() got an answer of 300,000 characters; the limit is 200,000 ([agent] max_answer_chars)",
            _harness.RootRequests[1].LastMessageText, StringComparison.Ordinal);
        // 50 MB does not even leave the kernel: it is more than one protocol message carries.
        Assert.Contains("[error] ValueError: the arguments of SUBMIT() are 50000", _harness.RootRequests[2].LastMessageText, StringComparison.Ordinal);
        Assert.All(_harness.Observer.OfType<RlmIteration>(), i => Assert.True(i.Output.Length < 10_000));
    }

    [Fact]
    public async Task AnOversizedAnswerVariable_IsNotAccepted_AndTheModelIsToldWhy()
    {
        _harness.Root(Code("answer = {'content': 'a' * 5_000, 'ready': True}"), Code("answer = {'content': 'fine', 'ready': True}"));

        var result = await _harness.RunAsync(Request(), new RlmOptions { MaxAnswerChars = 1_000 }, cancellationToken: Cancellation);

        Assert.Equal(("fine", RlmTermination.AnswerVariable), (result.Answer, result.Termination));
        Assert.Contains("[answer not accepted] SUBMIT() got an answer of 5,000 characters; the limit is 1,000", _harness.RootRequests[1].LastMessageText, StringComparison.Ordinal);
    }
}
