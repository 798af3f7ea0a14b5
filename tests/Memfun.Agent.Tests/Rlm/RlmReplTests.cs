using Memfun.Agent.Rlm;
using static Memfun.Agent.Tests.RlmHarness;

namespace Memfun.Agent.Tests.Rlm;

/// <summary>The REPL's semantics as the model sees them through the engine: what persists, what is restored, what is timed.</summary>
public sealed class RlmReplTests : IAsyncLifetime
{
    private RlmHarness _harness = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _harness = await StartAsync(Cancellation);

    public async ValueTask DisposeAsync() => await _harness.DisposeAsync();

    private static RlmRequest Request() => new()
    {
        Query = "What does the context say?",
        Variables = [new RlmVariable("context", "alpha beta", "a short text")],
    };

    [Fact]
    public async Task TheScaffold_SurvivesCodeThatOverwritesOrDeletesIt_AndTheModelsOwnNamesPersist()
    {
        _harness.Root(
            Code("notes = context.split()\ndef shout(s): return s.upper()\nllm_query = None\ndel SUBMIT\nrlm_query = 'mine'"),
            Code("SUBMIT(shout(llm_query(notes[0])))"));

        var result = await _harness.RunAsync(Request(), cancellationToken: Cancellation);

        Assert.Equal((RlmTermination.Submitted, "SUB:ALPHA"), (result.Termination, result.Answer));
        Assert.Equal(2, result.Iterations);
        Assert.DoesNotContain("not callable", string.Concat(_harness.RootRequests.SelectMany(r => r.MessageTexts)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LlmQueryOfNaN_IsAnErrorInTheCode_AndTheKernelKeepsItsVariables()
    {
        _harness.Root(
            Code("kept = context.split()[1]\nllm_query(float('nan'))"),
            Code("SUBMIT(llm_query(kept))"));

        var result = await _harness.RunAsync(Request(), cancellationToken: Cancellation);

        Assert.Equal((RlmTermination.Submitted, "sub:beta"), (result.Termination, result.Answer));
        var feedback = _harness.RootRequests[1].LastMessageText;
        Assert.Contains("ValueError", feedback, StringComparison.Ordinal);
        Assert.Contains("NaN and infinity are not JSON numbers", feedback, StringComparison.Ordinal);
        Assert.DoesNotContain("restarted", string.Concat(_harness.RootRequests.SelectMany(r => r.MessageTexts)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASubCallLongerThanTheExecutionTimeout_DoesNotStopTheCode()
    {
        // The sub-model takes longer than the whole per-execution timeout: only the code's own time counts.
        _harness.SandboxTimeout = TimeSpan.FromSeconds(2);
        _harness.SubCallDelay = TimeSpan.FromSeconds(3);
        _harness.Root(
            Code("kept = 'still here'\nreply = llm_query('think hard')"),
            Code("SUBMIT(reply + ' / ' + kept)"));

        var result = await _harness.RunAsync(Request(), cancellationToken: Cancellation);

        Assert.Equal((RlmTermination.Submitted, "sub:think hard / still here"), (result.Termination, result.Answer));
        Assert.DoesNotContain("variables are lost", string.Concat(_harness.RootRequests.SelectMany(r => r.MessageTexts)), StringComparison.Ordinal);
    }
}
