using System.Globalization;
using Memfun.Agent.Coding;
using Memfun.Cli.Infrastructure;
using Memfun.Cli.Rendering;
using Memfun.Core.Errors;
using Memfun.Hosting.Configuration;
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

    /// <summary>Gets extra JSON fields for <c>--json</c>.</summary>
    protected virtual object? JsonExtras(CodingResult result) => null;

    /// <inheritdoc />
    protected sealed override async Task<int> RunAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        var config = await LoadConfigAsync(settings.Overrides(), cancellationToken).ConfigureAwait(false);
        Config = config;
        await using var session = AgentSession.Open(config, Environment, LoggerFactory, settings.Verbose);
        var extensions = await ExtensionsAsync(session, cancellationToken).ConfigureAwait(false);
        var (result, trace) = await session.RunAsync(agent => RunAgentAsync(agent, settings, cancellationToken), extensions, cancellationToken).ConfigureAwait(false);

        if (settings.Json)
        {
            await WriteJsonAsync(new
            {
                run_id = result.Run.RunId,
                answer = result.Answer,
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
            await WriteAnswerAsync(Environment, result.Answer).ConfigureAwait(false);
        }

        WriteSummary(Environment, result, trace);
        return await CompleteAsync(result, settings, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Prints an answer: rendered Markdown on a terminal, the Markdown text when redirected.</summary>
    internal static async Task WriteAnswerAsync(CliEnvironment environment, string answer)
    {
        if (environment.Out.Profile.Capabilities.Ansi)
        {
            MarkdownRenderer.Write(environment.Out, answer);
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
            $"{run.Iterations} turns · {run.SubCalls} sub-calls · {usage.TotalTokens:N0} tokens · ${usage.CostUsd:0.####}{(usage.UnpricedCalls > 0 ? " (some models unpriced)" : "")} · {run.Elapsed.TotalSeconds:0.0} s · trace {trace}")));
    }
}
