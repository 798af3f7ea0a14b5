using System.Globalization;
using System.Text.Json.Nodes;
using Memfun.Agent.Coding;
using Memfun.Agent.Rlm;
using Memfun.Cli.Infrastructure;
using Memfun.Cli.Rendering;
using Memfun.Core.Errors;
using Memfun.Hosting.Configuration;
using Memfun.Hosting.Remote;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Agent;

/// <summary>
/// Base of <c>ask</c>, <c>explain</c>, <c>analyze</c>, <c>review</c> and <c>fix</c>: runs the command's task on a
/// <see cref="CodingAgent"/> in an <see cref="AgentSession"/>, and prints the answer (Markdown on a terminal,
/// plain text when redirected, JSON with <c>--json</c>) and a one-line summary of the run.
/// </summary>
public abstract class AgentCommand<TSettings>(CliEnvironment environment) : MemfunCommand<TSettings>(environment)
    where TSettings : AgentCommandSettings
{
    /// <summary>Runs the command's task on the agent.</summary>
    protected abstract Task<CodingResult> RunAgentAsync(CodingAgent agent, TSettings settings, CancellationToken cancellationToken);

    /// <summary>Acts on the result after the answer is shown (<c>fix</c> applies its patch here); returns the exit code.</summary>
    protected virtual Task<int> CompleteAsync(CodingResult result, TSettings settings, CancellationToken cancellationToken) =>
        Task.FromResult(ExitCodes.Success);

    /// <summary>Returns what every task of the agent gets on top of its own: by default the skills catalogue, shared tools and bridged MCP tools.</summary>
    protected virtual async Task<CodingAgentExtensions?> ExtensionsAsync(AgentSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return await session.DefaultExtensionsAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets the configuration of the running command (set before <see cref="RunAgentAsync"/> is called).</summary>
    protected MemfunConfig Config { get; private set; } = new();

    private PatchOutcome? _patch;
    private StreamJsonWriter? _stream;

    /// <summary>Returns the task(s) to send to workers with <c>--remote</c> (several for a fan-out); the commands that can run remotely override it.</summary>
    protected virtual Task<IReadOnlyList<RemoteTask>> RemoteTasksAsync(TSettings settings, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RemoteTask>>([]);

    /// <summary>Gets extra JSON fields for <c>--json</c>.</summary>
    protected virtual object? JsonExtras(CodingResult result) => null;

    /// <inheritdoc />
    protected sealed override async Task<int> RunAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        var config = LoadConfig(settings.Overrides());
        Config = config;
        await using var session = AgentSession.Open(config, Environment, LoggerFactory, settings.Verbose, singleRun: true);
        session.ShowReplies = settings.Format == OutputFormat.Text;
        var extensions = settings is RemoteAgentCommandSettings { IsRemote: true } ? null : WithContext(await ExtensionsAsync(session, cancellationToken).ConfigureAwait(false),
            await ContextVariables.ReadAsync(Environment, settings.Context, cancellationToken).ConfigureAwait(false));
        _stream = settings.Format == OutputFormat.StreamJson ? new StreamJsonWriter(Environment.Out.Profile.Out.Writer) : null;
        CodingResult result;
        string? trace;
        try
        {
            (result, trace) = settings is RemoteAgentCommandSettings { IsRemote: true }
                ? await session.RunRemoteAsync(await RemoteTasksAsync(settings, cancellationToken).ConfigureAwait(false), cancellationToken, _stream).ConfigureAwait(false)
                : await session.RunAsync(agent => RunAgentAsync(agent, settings, cancellationToken), extensions, cancellationToken, _stream).ConfigureAwait(false);
        }
        catch (Exception exception) when (_stream is not null || (settings.Format == OutputFormat.Json && RunOutcome.Of(exception) != RunOutcome.Failed))
        {
            // Scripts read how the run ended from standard output; the error line and exit code follow as for any failure.
            var error = new JsonObject
            {
                ["outcome"] = RunOutcome.Of(exception),
                ["error_code"] = (exception as MemfunException)?.ErrorCode,
                ["error"] = exception.Message,
            };
            if (_stream is not null)
            {
                _stream.Write("error", error);
            }
            else
            {
                await WriteJsonAsync(error).ConfigureAwait(false);
            }

            throw;
        }

        var outcome = RunOutcome.Of(result.Run);
        if (!result.Run.Answered)
        {
            await WriteResultAsync(result, settings, outcome, trace).ConfigureAwait(false);
            Environment.Error.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"limit reached: the run used its {result.Run.Iterations} turns without submitting an answer; the answer above is partial{(result.Edits.Paths.Count > 0 ? " and the staged patch was not applied" : "")}. Allow more turns with --max-iterations or ask a narrower question.")));
            return ExitCodes.LimitReached;
        }

        // With JSON the approval comes first, so the document (or the last events) can say what was applied.
        if (settings.MachineOutput)
        {
            var exitCode = await CompleteAsync(result, settings, cancellationToken).ConfigureAwait(false);
            await WriteResultAsync(result, settings, outcome, trace).ConfigureAwait(false);
            return exitCode;
        }

        await WriteResultAsync(result, settings, outcome, trace).ConfigureAwait(false);
        return await CompleteAsync(result, settings, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Offers the run's staged patch for approval under the configured mode (<c>--yes</c> means auto-edit) and applies
    /// what is approved; <see cref="PatchExtras"/> then describes the outcome for <c>--json</c>.
    /// </summary>
    protected async Task<int> OfferPatchAsync(CodingResult result, TSettings settings, bool yes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(settings);
        var mode = PatchApproval.Mode(Config.Agent.Mode, yes);
        _patch = await PatchApproval.OfferAsync(Environment, Config.ProjectRoot, result.Run.RunId, result.Edits, result.Tests, mode, null, settings.MachineOutput, cancellationToken).ConfigureAwait(false);
        return _patch.ExitCode;
    }

    /// <summary>Returns the JSON fields of a run that may stage a patch: the diff, its files, the tests and what was applied.</summary>
    protected object PatchExtras(CodingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new
        {
            diff = result.Diff,
            files = result.Edits.Paths,
            tests = PatchApproval.TestsJson(result.Tests),
            patch = (_patch ?? PatchOutcome.Empty).ToJson(),
        };
    }

    private async Task WriteResultAsync(CodingResult result, TSettings settings, string outcome, string? trace)
    {
        if (_stream is not null)
        {
            if (result.Edits.Paths.Count > 0)
            {
                _stream.Write("edit_staged", new JsonObject { ["files"] = new JsonArray([.. result.Edits.Paths.Select(p => (JsonNode?)p)]), ["diff"] = result.Diff });
            }

            _stream.Write("answer", new JsonObject { ["run_id"] = result.Run.RunId, ["outcome"] = outcome, ["answer"] = result.Answer, ["partial"] = !result.Run.Answered, ["termination"] = result.Run.Termination.ToString().ToLowerInvariant() });
            _stream.Write("usage", new JsonObject
            {
                ["iterations"] = result.Run.Iterations,
                ["sub_calls"] = result.Run.SubCalls,
                ["input_tokens"] = result.Run.Usage.InputTokens,
                ["output_tokens"] = result.Run.Usage.OutputTokens,
                ["cost_usd"] = result.Run.Usage.CostUsd,
                ["elapsed_ms"] = (long)result.Run.Elapsed.TotalMilliseconds,
                ["trace"] = trace,
            });
        }
        else if (settings.Format == OutputFormat.Json)
        {
            await WriteJsonAsync(new
            {
                run_id = result.Run.RunId,
                outcome,
                answer = result.Answer,
                partial = !result.Run.Answered,
                termination = result.Run.Termination.ToString().ToLowerInvariant(),
                iterations = result.Run.Iterations,
                sub_calls = result.Run.SubCalls,
                input_tokens = result.Run.Usage.InputTokens,
                output_tokens = result.Run.Usage.OutputTokens,
                cost_usd = result.Run.Usage.CostUsd,
                elapsed_ms = (long)result.Run.Elapsed.TotalMilliseconds,
                trace,
                extras = JsonExtras(result),
            }).ConfigureAwait(false);
        }
        else
        {
            await WriteAnswerAsync(Environment, result.Run.Answered ? result.Answer : PartialAnswer(result.Run)).ConfigureAwait(false);
        }

        WriteSummary(Environment, result, trace);
    }

    /// <summary>Adds the run's context variables (piped standard input, <c>--context</c> files) to what every task gets.</summary>
    internal static CodingAgentExtensions? WithContext(CodingAgentExtensions? extensions, IReadOnlyList<RlmVariable> variables) =>
        variables.Count == 0 ? extensions : (extensions ?? new CodingAgentExtensions("", [])) with { Variables = [.. extensions?.Variables ?? [], .. variables] };

    /// <summary>Labels the extract step's answer of a run that hit its iteration limit.</summary>
    internal static string PartialAnswer(RlmResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return string.Create(CultureInfo.InvariantCulture,
            $"**Partial answer** — the run reached its limit of {run.Iterations} turns without submitting one; this is the model's best answer from what it found so far.\n\n{run.Answer}");
    }

    /// <summary>Prints an answer: rendered Markdown on a terminal, the Markdown text when redirected.</summary>
    internal static async Task WriteAnswerAsync(CliEnvironment environment, string answer)
    {
        if (environment.Out.Profile.Capabilities.Ansi)
        {
            MarkdownRenderer.Write(environment.Out, TerminalText.Inert(answer));
        }
        else
        {
            await environment.Out.Profile.Out.Writer.WriteLineAsync(answer).ConfigureAwait(false);
        }
    }

    /// <summary>Prints the run's one-line summary on standard error.</summary>
    internal static void WriteSummary(CliEnvironment environment, CodingResult result, string? trace)
    {
        var run = result.Run;
        var usage = run.Usage;
        environment.Error.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{run.Iterations} turns · {run.SubCalls} sub-calls · {usage.TotalTokens:N0} tokens · {DisplayFormat.Dollars(usage.CostUsd)}{(usage.UnpricedCalls > 0 ? " (some models unpriced)" : "")} · {run.Elapsed.TotalSeconds:0.0} s · trace {trace}")));
    }
}
