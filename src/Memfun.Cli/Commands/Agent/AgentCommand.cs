using System.Globalization;
using Memfun.Agent.Coding;
using Memfun.Agent.Rlm;
using Memfun.Agent.Tracing;
using Memfun.Cli.Infrastructure;
using Memfun.Cli.Rendering;
using Memfun.Core.Configuration;
using Memfun.Core.Errors;
using Memfun.Core.Logging;
using Memfun.Llm;
using Memfun.Runtime;
using Memfun.Sandbox;
using Memfun.Skills.Discovery;
using Memfun.Skills.Execution;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Agent;

/// <summary>
/// Base of <c>ask</c>, <c>explain</c>, <c>analyze</c>, <c>review</c> and <c>fix</c>: wires the configured models, sandbox and
/// trace collector to a <see cref="CodingAgent"/>, shows progress, records the trace, and prints the answer
/// (Markdown on a terminal, plain text when redirected, JSON with <c>--json</c>).
/// </summary>
public abstract partial class AgentCommand<TSettings>(CliEnvironment environment) : MemfunCommand<TSettings>(environment)
    where TSettings : AgentCommandSettings
{
    /// <summary>Runs the command's task on the agent.</summary>
    protected abstract Task<CodingResult> RunAgentAsync(CodingAgent agent, TSettings settings, CancellationToken cancellationToken);

    /// <summary>Acts on the result after the answer is shown (<c>fix</c> applies its patch here); returns the exit code.</summary>
    protected virtual Task<int> CompleteAsync(CodingResult result, TSettings settings, CancellationToken cancellationToken) =>
        Task.FromResult(ExitCodes.Success);

    /// <summary>Returns what every task of the agent gets on top of its own: by default the available-skills catalogue and <c>load_skill</c>.</summary>
    /// <remarks>Skill problems never fail a command: invalid skills are left out (<c>memfun skill validate</c> reports them).</remarks>
    protected virtual CodingAgentExtensions? Extensions(MemfunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return SkillPromptExtension.Create(SkillDiscovery.Discover(DefinitionRoots.Skills(config.ProjectRoot, Environment.Variables)));
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
        StateDirectory.Ensure(config.StateDirectory);
        var logger = LoggerFactory.CreateLogger("Memfun.Agent");
        await using var sandbox = await SandboxFactory.OpenAsync(config, cancellationToken).ConfigureAwait(false);
        using var clients = LlmClients.Create(config.Llm, new LlmClientOptions { LoggerFactory = LoggerFactory, Environment = Environment.Variables });
        using var trace = new TraceCollector(Path.Combine(config.StateDirectory, "traces"), new SecretRedactor(SecretRedactor.SecretEnvironmentValues(Environment.Variables)));
        var progress = new ProgressObserver(Environment.Error, clients.Ledger, config.Agent.MaxIterations, settings.Verbose);
        var engine = new RlmEngine(clients, sandbox, SandboxFactory.Options(config), RlmOptions.FromSettings(config.Agent), new CompositeObserver(trace, progress), logger);
        var agent = new CodingAgent(engine, config.ProjectRoot, Extensions(config));

        CodingResult result;
        try
        {
            result = await WithStatusAsync(progress, () => RunAgentAsync(agent, settings, cancellationToken)).ConfigureAwait(false);
        }
        finally
        {
            await SaveTraceSummaryAsync(config, trace, logger, cancellationToken).ConfigureAwait(false);
        }

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
                trace = trace.FilePath,
                extras = JsonExtras(result),
            }).ConfigureAwait(false);
        }
        else if (Environment.Out.Profile.Capabilities.Ansi)
        {
            MarkdownRenderer.Write(Environment.Out, result.Answer);
        }
        else
        {
            await Environment.Out.Profile.Out.Writer.WriteLineAsync(result.Answer).ConfigureAwait(false);
        }

        var usage = result.Run.Usage;
        Environment.Error.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{result.Run.Iterations} turns · {result.Run.SubCalls} sub-calls · {usage.TotalTokens:N0} tokens · ${usage.CostUsd:0.####}{(usage.UnpricedCalls > 0 ? " (some models unpriced)" : "")} · {result.Run.Elapsed.TotalSeconds:0.0} s · trace {trace.FilePath}")));
        return await CompleteAsync(result, settings, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CodingResult> WithStatusAsync(ProgressObserver progress, Func<Task<CodingResult>> run)
    {
        if (!Environment.IsInteractive)
        {
            return await run().ConfigureAwait(false);
        }

        return await Environment.Error.Status().StartAsync("starting…", async status =>
        {
            progress.StatusChanged = text => status.Status(Markup.Escape(text));
            return await run().ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static async Task SaveTraceSummaryAsync(MemfunConfig config, TraceCollector trace, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await using var runtime = await new RuntimeBuilder().UseConfig(config).BuildAsync(cancellationToken).ConfigureAwait(false);
            await trace.SaveSummaryAsync(runtime.Context.State, cancellationToken).ConfigureAwait(false);
        }
        catch (MemfunException exception)
        {
            // The JSONL trace is the record; the state-store copy is for other processes and may be skipped.
            LogSummaryNotSaved(logger, exception.ErrorCode, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The trace summary was not stored in the runtime ({ErrorCode}): {Message}")]
    private static partial void LogSummaryNotSaved(ILogger logger, string errorCode, string message);
}
