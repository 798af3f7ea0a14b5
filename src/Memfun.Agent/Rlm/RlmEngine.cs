using System.Diagnostics;
using Memfun.Core.Errors;
using Memfun.Llm;
using Memfun.Llm.Errors;
using Memfun.Llm.Usage;
using Memfun.Runtime.Errors;
using Memfun.Sandbox;
using Memfun.Tools;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Memfun.Agent.Rlm;

/// <summary>
/// The Recursive Language Model loop (Zhang, Kraska and Khattab, Algorithm 1): the context lives in a REPL as
/// variables, the root model sees only its metadata and writes code each turn, the host runs it and shows the
/// truncated output, and the code may call sub-models (<c>llm_query</c>, <c>llm_query_batched</c>) or recursive
/// runs (<c>rlm_query</c>) until it calls <c>SUBMIT(answer)</c>.
/// </summary>
/// <remarks>
/// Limits bind the whole run tree: iterations per run, sub-calls and recursion depth across runs, the model
/// budget (through the shared <see cref="LlmClients"/>) and the wall-clock timeout. At the iteration limit an
/// extract step asks the root model for its best answer from the history.
/// </remarks>
public sealed partial class RlmEngine
{
    // Submits through SUBMIT, so an answer variable meets the same limit as a direct call.
    private const string AnswerProbe =
        "if isinstance(globals().get('answer'), dict) and globals()['answer'].get('ready'):\n    SUBMIT(str(globals()['answer'].get('content', '')))";

    private readonly LlmClients _clients;
    private readonly ISandbox _sandbox;
    private readonly SandboxOptions _sandboxOptions;
    private readonly RlmOptions _options;
    private readonly IRlmObserver? _observer;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates an engine.</summary>
    /// <param name="clients">The run's model clients (root and sub-model, one ledger and budget).</param>
    /// <param name="sandbox">Where the model's code runs.</param>
    /// <param name="sandboxOptions">The isolation of the REPL (project root, limits); host functions are added per run.</param>
    /// <param name="options">The run's limits.</param>
    /// <param name="observer">Receives every event (traces, progress).</param>
    /// <param name="logger">Logs the run (code and outputs only at Trace).</param>
    /// <param name="timeProvider">The clock.</param>
    public RlmEngine(LlmClients clients, ISandbox sandbox, SandboxOptions sandboxOptions, RlmOptions options,
        IRlmObserver? observer = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(sandboxOptions);
        ArgumentNullException.ThrowIfNull(options);
        _clients = clients;
        _sandbox = sandbox;
        _sandboxOptions = sandboxOptions;
        _options = options;
        _observer = observer;
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Runs <paramref name="request"/> to an answer.</summary>
    /// <exception cref="AgentException">The run timed out (<see cref="MemfunErrorCodes.AgentTimeout"/>).</exception>
    /// <exception cref="LlmException">A model call failed for good, or the budget was reached.</exception>
    public async Task<RlmResult> RunAsync(RlmRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        using var scope = new RlmRunScope(_options);
        try
        {
            return await RunAtDepthAsync(request, 0, null, scope, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new AgentException(MemfunErrorCodes.AgentTimeout, $"The run did not finish within {_options.Timeout.TotalSeconds:0} s.", exception)
            {
                Hint = "Allow more time with --timeout or [agent] timeout_s in memfun.toml, or ask a narrower question.",
            };
        }
    }

    private async Task<RlmResult> RunAtDepthAsync(RlmRequest request, int depth, string? parentRunId, RlmRunScope scope, CancellationToken cancellationToken)
    {
        var runId = NewRunId();
        var options = request.MaxIterations is { } limit ? _options with { MaxIterations = limit } : _options;
        var root = request.Model is { } model ? _clients.ForModel(model) : _clients.Root;
        var clock = Stopwatch.StartNew();
        // The ledger is shared by every run of a session (chat): a run reports only what was spent since it started.
        var usageAtStart = _clients.Ledger.Total;
        var submitted = new SubmittedAnswer();
        var tools = BuiltInTools(runId, depth, scope, submitted, request).Concat(request.Tools).ToList();
        var history = new RlmHistory(RlmPrompts.System(request, options, depth, tools), RlmPrompts.Task(request), options);
        Emit(new RlmRunStarted(runId, depth, _time.GetUtcNow(), parentRunId, request.Query, request.Model ?? _clients.Settings.Model, request.Variables.Sum(v => (long)v.Value.Length)));
        LogRunStarted(_logger, runId, depth);

        var iterations = 0;
        try
        {
            var handle = await _sandbox.CreateAsync(_sandboxOptions with { HostFunctions = tools.ToDictionary(t => t.Name, t => WithRunToken(t.Function, cancellationToken), StringComparer.Ordinal) }, cancellationToken).ConfigureAwait(false);
            try
            {
                foreach (var variable in request.Variables)
                {
                    await _sandbox.SetVariableAsync(handle, variable.Name, variable.Value, cancellationToken).ConfigureAwait(false);
                }

                while (iterations < options.MaxIterations)
                {
                    iterations++;
                    var (answer, termination) = await IterateAsync(root, options, handle, history, runId, depth, iterations, submitted, cancellationToken).ConfigureAwait(false);
                    if (answer is not null)
                    {
                        return Finish(runId, depth, answer, termination, iterations, scope, clock, usageAtStart);
                    }
                }

                var messages = history.Build();
                messages.Add(new ChatMessage(ChatRole.User, RlmPrompts.ExtractInstruction));
                var extracted = await root.GetResponseAsync(messages, cancellationToken: cancellationToken).ConfigureAwait(false);
                return Finish(runId, depth, extracted.Text.Trim(), RlmTermination.Extracted, iterations, scope, clock, usageAtStart);
            }
            finally
            {
                await _sandbox.DestroyAsync(handle, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            var error = exception is MemfunException memfun ? $"{memfun.ErrorCode}: {memfun.Message}" : exception is OperationCanceledException ? "cancelled" : exception.Message;
            Emit(new RlmRunFinished(runId, depth, _time.GetUtcNow(), null, null, error, iterations, scope.SubCalls, _clients.Ledger.Total.Since(usageAtStart), clock.Elapsed.TotalMilliseconds));
            throw;
        }
    }

    private async Task<(string? Answer, RlmTermination Termination)> IterateAsync(
        IChatClient root, RlmOptions options, SandboxHandle handle, RlmHistory history, string runId, int depth, int iteration, SubmittedAnswer submitted, CancellationToken cancellationToken)
    {
        var messages = history.Build();
        var modelClock = Stopwatch.StartNew();
        ChatResponse response;
        try
        {
            response = await StreamReplyAsync(root, messages, runId, depth, iteration, cancellationToken).ConfigureAwait(false);
        }
        catch (LlmContextLengthException)
        {
            // The character estimate undershot this model's tokenizer: retry once with the history folded to the minimum.
            // The endpoint refuses before it streams anything, so no piece of the refused reply was shown.
            messages = history.Build(squeeze: true);
            response = await StreamReplyAsync(root, messages, runId, depth, iteration, cancellationToken).ConfigureAwait(false);
        }

        var modelMs = modelClock.Elapsed.TotalMilliseconds;
        var reply = response.Text;
        var code = CodeExtractor.Extract(reply);
        var executionClock = Stopwatch.StartNew();
        string feedback;
        string? error = null;
        (string? Answer, RlmTermination Termination) outcome = (null, RlmTermination.Submitted);
        if (code.Length == 0)
        {
            feedback = RlmPrompts.NoCodeFeedback;
        }
        else
        {
            LogCode(_logger, runId, iteration, code);
            var result = await _sandbox.ExecuteAsync(handle, code, cancellationToken: cancellationToken).ConfigureAwait(false);
            feedback = RlmPrompts.Feedback(result, iteration, options.MaxIterations, options.OutputCharsInPrompt);
            error = result.TimedOut ? "timeout" : result.Error is { } e ? $"{e.Type}: {e.Message}" : null;
            if (submitted.Value is { } answer)
            {
                outcome = (answer, RlmTermination.Submitted);
            }
            else if (!result.TimedOut)
            {
                var (variable, refusal) = await ProbeAnswerVariableAsync(handle, submitted, cancellationToken).ConfigureAwait(false);
                if (variable is not null)
                {
                    outcome = (variable, RlmTermination.AnswerVariable);
                }
                else if (refusal is not null)
                {
                    feedback += refusal;
                }
            }
        }

        history.Add(iteration, reply, feedback, code, feedback);
        Emit(new RlmIteration(runId, depth, _time.GetUtcNow(), iteration, (int)RlmHistory.Size(messages),
            response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0, code, feedback, error, modelMs, executionClock.Elapsed.TotalMilliseconds));
        return outcome;
    }

    /// <summary>
    /// Asks the root model with a streamed call, handing each piece of text to the observer as it arrives, and returns the
    /// whole reply (usage included) as a single call would.
    /// </summary>
    private async Task<ChatResponse> StreamReplyAsync(IChatClient root, List<ChatMessage> messages, string runId, int depth, int iteration, CancellationToken cancellationToken)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in root.GetStreamingResponseAsync(messages, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
            if (_observer is not null && update.Text is { Length: > 0 } text)
            {
                _observer.OnTextDelta(new RlmTextDelta(runId, depth, iteration, text));
            }
        }

        return updates.ToChatResponse();
    }

    /// <summary>Submits an <c>answer</c> dictionary marked ready; returns the answer, or why SUBMIT refused it (too long...).</summary>
    private async Task<(string? Answer, string? Refusal)> ProbeAnswerVariableAsync(SandboxHandle handle, SubmittedAnswer submitted, CancellationToken cancellationToken)
    {
        var probe = await _sandbox.ExecuteAsync(handle, AnswerProbe, cancellationToken: cancellationToken).ConfigureAwait(false);
        return submitted.Value is { } answer ? (answer, null)
            : probe.Error is { Type: "HostError" } error ? (null, $"[answer not accepted] {error.Message}\n")
            : (null, null);
    }

    private RlmResult Finish(string runId, int depth, string answer, RlmTermination termination, int iterations, RlmRunScope scope, Stopwatch clock, UsageTotals usageAtStart)
    {
        var usage = _clients.Ledger.Total.Since(usageAtStart);
        Emit(new RlmRunFinished(runId, depth, _time.GetUtcNow(), answer, termination, null, iterations, scope.SubCalls, usage, clock.Elapsed.TotalMilliseconds));
        LogRunFinished(_logger, runId, termination, iterations, scope.SubCalls);
        return new RlmResult(runId, answer, termination, iterations, scope.SubCalls, usage, clock.Elapsed);
    }

    private List<RlmTool> BuiltInTools(string runId, int depth, RlmRunScope scope, SubmittedAnswer submitted, RlmRequest request) =>
    [
        new("llm_query", $"llm_query(prompt) -> str: ask a sub-model; it sees only this prompt (at most {_options.MaxSubPromptChars:N0} characters).",
            async (call, token) => HostArguments.Result(await SubQueryAsync(runId, depth, scope, CheckPrompt("llm_query", new HostArguments("llm_query", call).Text(0, "prompt")), token).ConfigureAwait(false))),
        new("llm_query_batched", "llm_query_batched(prompts) -> list[str]: many llm_query calls at once, run concurrently; a failed item is a string starting with 'ERROR:'.",
            async (call, token) => HostArguments.Result(await BatchAsync(runId, depth, scope, [.. new HostArguments("llm_query_batched", call).Strings(0, "prompts").Select((p, i) => CheckPrompt($"llm_query_batched (prompt {i})", p))], token).ConfigureAwait(false))),
        new("rlm_query", "rlm_query(prompt, context) -> str: hand a sub-task over `context` (a string) to a recursive agent like you; returns its answer.",
            async (call, token) =>
            {
                var arguments = new HostArguments("rlm_query", call);
                return HostArguments.Result(await RecurseAsync(runId, depth, scope, request, CheckPrompt("rlm_query", arguments.Text(0, "prompt")), arguments.Text(1, "context"), token).ConfigureAwait(false));
            }),
        new("SUBMIT", $"SUBMIT(answer): finish with the final answer (a string in Markdown, at most {_options.MaxAnswerChars:N0} characters).",
            (call, _) =>
            {
                var answer = new HostArguments("SUBMIT", call).Text(0, "answer");
                if (answer.Length > _options.MaxAnswerChars)
                {
                    throw new ToolException(MemfunErrorCodes.ToolBadArguments,
                        $"SUBMIT() got an answer of {answer.Length:N0} characters; the limit is {_options.MaxAnswerChars:N0} ([agent] max_answer_chars). Submit a shorter answer: summarise, and cite files instead of copying them.");
                }

                submitted.Value = answer;
                return ValueTask.FromResult(HostArguments.Result<string?>(null));
            }),
    ];

    /// <summary>
    /// Cancels a host call with the run as well as with its kernel: Ctrl-C, <c>--timeout</c> and the run timeout reach
    /// in-flight sub-calls and child runs whether or not the sandbox stops the kernel (or hands host calls a token) first.
    /// </summary>
    private static SandboxHostFunction WithRunToken(SandboxHostFunction function, CancellationToken run) =>
        async (arguments, kernel) =>
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(kernel, run);
            return await function(arguments, linked.Token).ConfigureAwait(false);
        };

    /// <summary>Refuses a sub-model prompt over the limit before anything is spent on it.</summary>
    private string CheckPrompt(string function, string prompt) =>
        prompt.Length <= _options.MaxSubPromptChars ? prompt
        : throw new ToolException(MemfunErrorCodes.ToolBadArguments,
            $"{function}: the prompt is {prompt.Length:N0} characters; the limit is {_options.MaxSubPromptChars:N0} ([agent] max_sub_prompt_chars). Pass a smaller piece: slice the context, or summarise parts first.");

    private async Task<string> SubQueryAsync(string runId, int depth, RlmRunScope scope, string prompt, CancellationToken cancellationToken)
    {
        scope.TakeSubCall();
        var clock = Stopwatch.StartNew();
        try
        {
            var response = await _clients.Sub.GetResponseAsync(prompt, cancellationToken: cancellationToken).ConfigureAwait(false);
            Emit(new RlmSubCall(runId, depth, _time.GetUtcNow(), "llm_query", prompt.Length, response.Text.Length,
                response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0, null, clock.Elapsed.TotalMilliseconds));
            return response.Text;
        }
        catch (MemfunException exception)
        {
            Emit(new RlmSubCall(runId, depth, _time.GetUtcNow(), "llm_query", prompt.Length, 0, 0, 0, $"{exception.ErrorCode}: {exception.Message}", clock.Elapsed.TotalMilliseconds));
            throw;
        }
    }

    private async Task<string[]> BatchAsync(string runId, int depth, RlmRunScope scope, IReadOnlyList<string> prompts, CancellationToken cancellationToken)
    {
        var answers = await Task.WhenAll(prompts.Select(async prompt =>
        {
            await scope.BatchGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await SubQueryAsync(runId, depth, scope, prompt, cancellationToken).ConfigureAwait(false);
            }
            catch (MemfunException exception) when (exception.ErrorCode != MemfunErrorCodes.LlmBudgetExceeded)
            {
                return $"ERROR: {exception.Message}";
            }
            finally
            {
                scope.BatchGate.Release();
            }
        })).ConfigureAwait(false);
        return answers;
    }

    private async Task<string> RecurseAsync(string runId, int depth, RlmRunScope scope, RlmRequest parent, string prompt, string context, CancellationToken cancellationToken)
    {
        if (depth + 1 > _options.MaxDepth)
        {
            throw new ToolException($"rlm_query is not available at depth {depth} (max_depth = {_options.MaxDepth}): use llm_query on smaller pieces instead.");
        }

        scope.TakeSubCall();
        var clock = Stopwatch.StartNew();
        var child = new RlmRequest
        {
            Query = prompt,
            Variables = [new RlmVariable("context", context, "the context your caller handed you")],
            Tools = parent.Tools,
            Model = parent.Model,
            MaxIterations = parent.MaxIterations,
        };
        var result = await RunAtDepthAsync(child, depth + 1, runId, scope, cancellationToken).ConfigureAwait(false);
        Emit(new RlmSubCall(runId, depth, _time.GetUtcNow(), "rlm_query", prompt.Length + context.Length, result.Answer.Length, 0, 0, null, clock.Elapsed.TotalMilliseconds));
        return result.Answer;
    }

    private void Emit(RlmEvent runEvent) => _observer?.OnEvent(runEvent);


    private static string NewRunId() => $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}"[..22];

    [LoggerMessage(Level = LogLevel.Debug, Message = "RLM run {RunId} started at depth {Depth}")]
    private static partial void LogRunStarted(ILogger logger, string runId, int depth);

    [LoggerMessage(Level = LogLevel.Trace, Message = "RLM run {RunId}, turn {Iteration}, code:\n{Code}")]
    private static partial void LogCode(ILogger logger, string runId, int iteration, string code);

    [LoggerMessage(Level = LogLevel.Debug, Message = "RLM run {RunId} finished ({Termination}) after {Iterations} turns and {SubCalls} sub-calls")]
    private static partial void LogRunFinished(ILogger logger, string runId, RlmTermination termination, int iterations, int subCalls);

    private sealed class SubmittedAnswer
    {
        private string? _value;

        public string? Value
        {
            get => Volatile.Read(ref _value);
            set => Volatile.Write(ref _value, value);
        }
    }
}
