using System.Globalization;
using System.Text;
using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Memfun.Hosting.Agents;
using Memfun.Llm.Errors;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Agent;

/// <summary>
/// <c>memfun chat</c>: a conversation with the agent about the codebase. Each message is an RLM run that sees the
/// earlier turns as a REPL variable; slash commands control the session. One sandbox, one model budget and one
/// usage ledger serve the whole session; each message gets its own trace.
/// </summary>
public sealed class ChatCommand(CliEnvironment environment) : MemfunCommand<AgentCommandSettings>(environment)
{
    private static readonly (string Name, string Help)[] SlashCommands =
    [
        ("/help", "list these commands"),
        ("/clear", "forget the conversation so far"),
        ("/cost", "tokens and dollars spent in this session"),
        ("/trace", "the trace file of the last answer (see `memfun traces show`)"),
        ("/remember TEXT", "keep TEXT in the project memory (.memfun/MEMORY.md), which every later prompt gets"),
        ("/exit", "leave (also /quit, or Ctrl+D)"),
    ];

    /// <inheritdoc />
    protected override async Task<int> RunAsync(CommandContext context, AgentCommandSettings settings, CancellationToken cancellationToken)
    {
        if (!Environment.IsInteractive)
        {
            Environment.Error.MarkupLine("[red]error[/]: `memfun chat` needs a terminal. For scripts, use `memfun ask \"...\"`, which also takes --json.");
            return ExitCodes.Usage;
        }

        var config = await LoadConfigAsync(settings.Overrides(), cancellationToken).ConfigureAwait(false);
        await using var session = AgentSession.Open(config, Environment, LoggerFactory, settings.Verbose);
        var extensions = await session.DefaultExtensionsAsync(cancellationToken).ConfigureAwait(false);
        Environment.Error.MarkupLine($"[bold]memfun chat[/] in {Markup.Escape(config.ProjectRoot)} with {Markup.Escape(config.Llm.Model)}. Ask about the code; [bold]/help[/] lists commands.");
        var conversation = new StringBuilder();
        string? lastTrace = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var line = (await new TextPrompt<string>("[bold green]you>[/]").AllowEmpty().ShowAsync(Environment.Error, cancellationToken).ConfigureAwait(false)).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('/'))
            {
                if (line is "/exit" or "/quit")
                {
                    return ExitCodes.Success;
                }

                await RunSlashCommandAsync(line, conversation, session, lastTrace, cancellationToken).ConfigureAwait(false);
                continue;
            }

            try
            {
                var (result, trace) = await session.RunAsync(agent => agent.ChatAsync(line, conversation.ToString(), cancellationToken), extensions, cancellationToken).ConfigureAwait(false);
                lastTrace = trace;
                await AgentCommand<AgentCommandSettings>.WriteAnswerAsync(Environment, result.Run.Answered ? result.Answer : AgentCommand<AgentCommandSettings>.PartialAnswer(result.Run)).ConfigureAwait(false);
                AgentCommand<AgentCommandSettings>.WriteSummary(Environment, result, trace);
                conversation.Append("User: ").Append(line).Append("\n\nMemfun: ").Append(result.Answer).Append("\n\n");
            }
            catch (LlmBudgetExceededException)
            {
                throw;
            }
            catch (MemfunException exception)
            {
                // One failed message does not end the conversation; a spent budget does (above).
                ErrorRenderer.Render(Environment.Error, exception, settings.Verbose);
            }
        }

        return ExitCodes.Cancelled;
    }

    private async Task RunSlashCommandAsync(string line, StringBuilder conversation, AgentSession session, string? lastTrace, CancellationToken cancellationToken)
    {
        var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
        switch (parts[0])
        {
            case "/remember" when parts.Length == 2 && parts[1].Length > 0:
                var file = await ProjectMemory.RememberAsync(session.Config.ProjectRoot, parts[1], cancellationToken).ConfigureAwait(false);
                Environment.Error.MarkupLine($"[grey]Remembered in {Markup.Escape(file)}: every prompt from now on gets it.[/]");
                break;
            case "/remember":
                Environment.Error.MarkupLine("[yellow]Usage[/]: /remember TEXT");
                break;
            case "/help":
                foreach (var (name, help) in SlashCommands)
                {
                    Environment.Error.MarkupLine($"  [bold]{name}[/]  {Markup.Escape(help)}");
                }

                break;
            case "/clear":
                conversation.Clear();
                Environment.Error.MarkupLine("[grey]Conversation cleared.[/]");
                break;
            case "/cost":
                var usage = session.Clients.Ledger.Total;
                Environment.Error.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"{usage.Calls} model calls · {usage.InputTokens:N0} tokens in · {usage.OutputTokens:N0} out · ${usage.CostUsd:0.####}")));
                break;
            case "/trace":
                Environment.Error.MarkupLine(lastTrace is null ? "[grey]No answer yet.[/]" : Markup.Escape(lastTrace));
                break;
            default:
                Environment.Error.MarkupLine($"[yellow]Unknown command {Markup.Escape(line)}[/]: /help lists them.");
                break;
        }
    }
}
