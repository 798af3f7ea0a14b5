using Memfun.Agent.Rlm;
using Memfun.Core.Errors;
using Memfun.Llm.Errors;
using Memfun.Llm.Pipeline;
using Memfun.Runtime.Errors;
using Memfun.Testing.Llm;
using static Memfun.Agent.Tests.RlmHarness;

namespace Memfun.Agent.Tests.Rlm;

public sealed class RlmEngineTests : IAsyncLifetime
{
    private RlmHarness _harness = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _harness = await StartAsync(Cancellation);

    public async ValueTask DisposeAsync() => await _harness.DisposeAsync();

    private static RlmRequest Request(string context, string query = "How many items are there, and what do the first three say?") => new()
    {
        Query = query,
        Variables = [new RlmVariable("context", context, "a list of items, one per line")],
    };

    private static string Items(int count) => string.Join('\n', Enumerable.Range(1, count).Select(i => $"item {i}: value {i * 7}"));

    [Fact]
    public async Task Prompt_CarriesTheContextPreviewByteForByte()
    {
        // Quotes, comparisons, backticks (a Markdown fence among them), a diff's '+', HTML and non-ASCII: none may reach the model escaped.
        const string Source = "--- a/x.py\n+++ b/x.py\n+if a > b and c < d & e: print(\"héllo ✓ 日本\")\n+s = `cmd` + 'x'\n```python\nfence inside\n```\n";
        _harness.Root(Code("SUBMIT('ok')"));

        await _harness.RunAsync(new RlmRequest { Query = "Review it", Variables = [new RlmVariable("diff", Source, "a diff")] }, cancellationToken: Cancellation);

        var system = _harness.RootRequests[0].MessageTexts[0];
        Assert.Contains("\n````\n" + Source + "````\n", system, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u00", system, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ExploresTheContextInTheReplBatchesSubCallsAndSubmits()
    {
        _harness.Sub(prompt => prompt.ToUpperInvariant());
        _harness.Root(
            Code("lines = context.splitlines()\nprint(len(lines))"),
            Code("answers = llm_query_batched([f'read {l}' for l in lines[:3]])\nprint(answers)"),
            Code("SUBMIT(f'{len(lines)} items; ' + ' | '.join(answers))"));

        var result = await _harness.RunAsync(Request(Items(50)), cancellationToken: Cancellation);

        Assert.Equal("50 items; READ ITEM 1: VALUE 7 | READ ITEM 2: VALUE 14 | READ ITEM 3: VALUE 21", result.Answer);
        Assert.Equal(RlmTermination.Submitted, result.Termination);
        Assert.Equal((3, 3), (result.Iterations, result.SubCalls));
        Assert.Equal(["read item 1: value 7", "read item 2: value 14", "read item 3: value 21"], _harness.SubRequests.Select(r => r.LastMessageText).Order());
        var roots = _harness.RootRequests;
        Assert.Contains("Output of your code (turn 1 of 20):\n50", roots[1].LastMessageText, StringComparison.Ordinal);
        Assert.DoesNotContain("item 40: value 280", string.Concat(roots.SelectMany(r => r.MessageTexts)), StringComparison.Ordinal);
        Assert.Equal(6, result.Usage.Calls);
    }

    [Fact]
    public async Task Run_RecordsIterationsAndSubCallsAsEvents()
    {
        _harness.Root(Code("x = llm_query('hello')\nprint(x)"), Code("SUBMIT(x)"));

        var result = await _harness.RunAsync(Request("abc"), cancellationToken: Cancellation);

        Assert.Equal("sub:hello", result.Answer);
        var iterations = _harness.Observer.OfType<RlmIteration>();
        Assert.Equal([1, 2], iterations.Select(i => i.Index));
        Assert.Contains("sub:hello", iterations[0].Output, StringComparison.Ordinal);
        Assert.Equal("x = llm_query('hello')\nprint(x)", iterations[0].Code);
        var subCall = Assert.Single(_harness.Observer.OfType<RlmSubCall>());
        Assert.Equal(("llm_query", 5), (subCall.Kind, subCall.PromptChars));
        var finished = Assert.Single(_harness.Observer.OfType<RlmRunFinished>());
        Assert.Equal("sub:hello", finished.Answer);
    }

    [Fact]
    public async Task RlmQuery_RunsARecursiveAgentOnTheGivenContext()
    {
        _harness.Root(
            Code("summary = rlm_query('What is the first item?', context[:40])\nSUBMIT('child said: ' + summary)"),
            Code("print(context.splitlines()[0])\nSUBMIT(context.splitlines()[0])"));

        var result = await _harness.RunAsync(Request(Items(1000)), cancellationToken: Cancellation);

        Assert.Equal("child said: item 1: value 7", result.Answer);
        Assert.Equal(1, result.SubCalls);
        var childStart = _harness.Observer.OfType<RlmRunStarted>().Single(e => e.Depth == 1);
        Assert.Equal(40, childStart.ContextChars);
        Assert.Equal(_harness.Observer.OfType<RlmRunStarted>().Single(e => e.Depth == 0).RunId, childStart.ParentRunId);
    }

    [Fact]
    public async Task RlmQuery_BeyondTheDepthLimit_IsAnErrorTheModelCanRecoverFrom()
    {
        _harness.Root(Code("rlm_query('go deeper', context)"), Code("SUBMIT('fine without recursion')"));

        var result = await _harness.RunAsync(Request("abc"), new RlmOptions { MaxDepth = 0 }, cancellationToken: Cancellation);

        Assert.Equal("fine without recursion", result.Answer);
        Assert.Contains("rlm_query is not available at depth 0 (max_depth = 0)", _harness.RootRequests[1].LastMessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IterationLimit_EndsWithAnExtractStepOverTheHistory()
    {
        _harness.Root(Code("print('looking')"), Code("print('still looking')"), "The best answer I have is 42.");

        var result = await _harness.RunAsync(Request("abc"), new RlmOptions { MaxIterations = 2 }, cancellationToken: Cancellation);

        Assert.Equal(RlmTermination.Extracted, result.Termination);
        Assert.Equal("The best answer I have is 42.", result.Answer);
        var extract = _harness.RootRequests[2];
        Assert.Contains("iteration limit", extract.LastMessageText, StringComparison.Ordinal);
        Assert.Contains("still looking", extract.MessageTexts[^2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task LlmQueryBatched_SendsTheCallsAtTheSameTime()
    {
        // Each sub-call is held until all four are in flight: one at a time, the first would wait for ever.
        const int Batch = 4;
        var inFlight = 0;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var root = new Queue<string>([Code($"answers = llm_query_batched([f'item {{i}}' for i in range({Batch})])\nSUBMIT(' | '.join(answers))")]);
        _harness.Server.RespondWith(request =>
        {
            if (request.Model == RootModel)
            {
                return ScriptedReply.Say(root.Dequeue());
            }

            if (Interlocked.Increment(ref inFlight) == Batch)
            {
                allArrived.SetResult();
            }

            return new ScriptedReply { Text = request.LastMessageText.ToUpperInvariant(), HoldUntil = allArrived.Task };
        });
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(TimeSpan.FromMinutes(1));

        var result = await _harness.RunAsync(Request("abc"), new RlmOptions { SubCallConcurrency = Batch }, cancellationToken: deadline.Token);

        Assert.Equal("ITEM 0 | ITEM 1 | ITEM 2 | ITEM 3", result.Answer);
        Assert.Equal(Batch, _harness.SubRequests.Count);
        Assert.Empty(_harness.Server.AbortedRequests);
    }

    [Fact]
    public async Task RunsSharingClients_EachReportOnlyTheirOwnUsage()
    {
        // A chat session: one set of clients (one ledger) for every message.
        _harness.Sub(prompt => prompt.ToUpperInvariant());
        _harness.Root(Code("SUBMIT(llm_query('one'))"), Code("SUBMIT('two')"));
        using var clients = _harness.Clients();

        var first = await _harness.Engine(clients).RunAsync(Request("abc"), Cancellation);
        var second = await _harness.Engine(clients).RunAsync(Request("abc"), Cancellation);

        Assert.Equal((2, 240L), (first.Usage.Calls, first.Usage.TotalTokens));
        Assert.Equal((1, 120L), (second.Usage.Calls, second.Usage.TotalTokens));
        Assert.Equal([2, 1], _harness.Observer.OfType<RlmRunFinished>().Select(f => f.Usage.Calls));
        Assert.Equal(3, clients.Ledger.Total.Calls);
    }

    [Fact]
    public async Task RequestModelAndIterationLimit_OverrideTheEnginesForThatRun()
    {
        // Every model but the root one is answered by the sub responder: here, prose with no code.
        _harness.Sub(_ => "The agent's own answer.");

        var result = await _harness.RunAsync(Request("abc") with { Model = "agent-model", MaxIterations = 1 }, cancellationToken: Cancellation);

        Assert.Equal(("The agent's own answer.", RlmTermination.Extracted, 1), (result.Answer, result.Termination, result.Iterations));
        Assert.Equal(["agent-model", "agent-model"], _harness.Server.Requests.Select(r => r.Model));
        Assert.Contains("turns", _harness.Server.Requests[0].MessageTexts[0], StringComparison.Ordinal);
        Assert.Contains("Limits: 1 turns", _harness.Server.Requests[0].MessageTexts[0], StringComparison.Ordinal);
        Assert.Equal("agent-model", Assert.Single(_harness.Observer.OfType<RlmRunStarted>()).Model);
    }

    [Fact]
    public async Task SubCallLimit_FailsTheItemsBeyondItAndTheRunGoesOn()
    {
        _harness.Root(Code("r = llm_query_batched(['a', 'b', 'c'])\nprint(r)"), Code("SUBMIT(str(sum(x.startswith('ERROR:') for x in r)))"));

        var result = await _harness.RunAsync(Request("abc"), new RlmOptions { MaxSubCalls = 2 }, cancellationToken: Cancellation);

        Assert.Equal("1", result.Answer);
        Assert.Equal(2, result.SubCalls);
        Assert.Equal(2, _harness.SubRequests.Count);
    }

    [Fact]
    public async Task ModelBudget_StopsTheRunWithATypedError()
    {
        _harness.Root(Code("print(1)"), Code("print(2)"), Code("print(3)"));

        var error = await Assert.ThrowsAsync<LlmBudgetExceededException>(() => _harness.RunAsync(Request("abc"), budget: new LlmBudget { MaxCalls = 2 }, cancellationToken: Cancellation));

        Assert.Equal(2, error.Spent.Calls);
        Assert.Equal(2, _harness.RootRequests.Count);
        // The recorded run ends with the same typed error, code first, so a trace says why it stopped.
        Assert.Equal($"{error.ErrorCode}: {error.Message}", Assert.Single(_harness.Observer.OfType<RlmRunFinished>()).Error);
    }

    [Fact]
    public async Task Timeout_StopsARunningExecution()
    {
        _harness.Root(Code("import time\ntime.sleep(30)"));

        var error = await Assert.ThrowsAsync<AgentException>(() => _harness.RunAsync(Request("abc"), new RlmOptions { Timeout = TimeSpan.FromSeconds(2) }, cancellationToken: Cancellation));

        Assert.Equal(MemfunErrorCodes.AgentTimeout, error.ErrorCode);
    }

    [Fact]
    public async Task MalformedReplies_AreReportedBackAndTheRunRecovers()
    {
        _harness.Root(
            "I think the answer is obvious.",
            Code("def broken(:\n    pass"),
            Code("print(undefined_name)"),
            Code("SUBMIT('recovered')"));

        var result = await _harness.RunAsync(Request("abc"), cancellationToken: Cancellation);

        Assert.Equal("recovered", result.Answer);
        var roots = _harness.RootRequests;
        Assert.Contains("had no ```python code block", roots[1].LastMessageText, StringComparison.Ordinal);
        Assert.Contains("[error] SyntaxError", roots[2].LastMessageText, StringComparison.Ordinal);
        Assert.Contains("[error] NameError: name 'undefined_name' is not defined", roots[3].LastMessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswerDictionary_IsAcceptedAsTheFinalAnswer()
    {
        _harness.Root(Code("answer = {'content': 'draft', 'ready': False}"), Code("answer['content'] = 'final'\nanswer['ready'] = True"));

        var result = await _harness.RunAsync(Request("abc"), cancellationToken: Cancellation);

        Assert.Equal(("final", RlmTermination.AnswerVariable), (result.Answer, result.Termination));
        Assert.Equal(2, result.Iterations);
    }

    [Fact]
    public async Task RootPrompt_StaysTheSameSizeWhateverTheContextSize()
    {
        var script = new[]
        {
            Code("lines = context.splitlines()\nprint(len(lines))"),
            Code("print(lines[-1][:20])"),
            Code("SUBMIT('done')"),
        };
        _harness.Root(script);
        await _harness.RunAsync(Request(Items(100_000 / 20)), cancellationToken: Cancellation);
        var small = _harness.RootRequests.Select(r => r.PromptCharacters).ToList();
        var before = _harness.RootRequests.Count;

        _harness.Root(script);
        await _harness.RunAsync(Request(Items(10_000_000 / 20)), cancellationToken: Cancellation);
        var large = _harness.RootRequests.Skip(before).Select(r => r.PromptCharacters).ToList();

        Assert.Equal(3, large.Count);
        Assert.All(small.Zip(large), pair => Assert.InRange(Math.Abs(pair.First - pair.Second), 0, 64));
        Assert.True(large.Max() < 8_000, $"root prompts should be small, the largest was {large.Max()} characters");
    }

    [Fact]
    public async Task LongHistory_IsCompactedToFitTheWindow()
    {
        var turns = Enumerable.Range(1, 8).Select(i => Code($"print(' '.join(str(n * 7919 % 10007) for n in range(600)))  # turn {i}")).Append(Code("SUBMIT('ok')")).ToArray();
        _harness.Root(turns);

        var result = await _harness.RunAsync(Request("abc"), new RlmOptions { ContextWindowTokens = 4096 }, cancellationToken: Cancellation);

        Assert.Equal("ok", result.Answer);
        var last = _harness.RootRequests[^1];
        Assert.Contains(last.MessageTexts, t => t.StartsWith("Earlier turns, summarised", StringComparison.Ordinal));
        var tokens = last.MessageTexts.Sum(RlmHistory.CountTokens);
        Assert.True(tokens < 4096, $"the prompt should fit the window, it had {tokens} tokens");
    }
}
