using System.ComponentModel;
using System.Globalization;
using Memfun.Cli.Commands.Sessions;
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
public sealed class ChatCommand(CliEnvironment environment) : MemfunCommand<ChatCommand.Settings>(environment)
{
    private static readonly (string Name, string Help)[] SlashCommands =
    [
        ("/help", "list these commands"),
        ("/clear", "start a new session (the current one stays in `memfun sessions list`)"),
        ("/sessions", "this project's chats; `memfun chat --resume ID` continues one"),
        ("/cost", "tokens and dollars spent in this session"),
        ("/trace", "the trace file of the last answer (see `memfun traces show`)"),
        ("/remember TEXT", "keep TEXT in the project memory (.memfun/MEMORY.md), which every later prompt gets"),
        ("/exit", "leave (also /quit, or Ctrl+D)"),
    ];

    /// <inheritdoc />
    protected override async Task<int> RunAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!Environment.IsInteractive)
        {
            Environment.Error.MarkupLine("[red]error[/]: `memfun chat` needs a terminal. For scripts, use `memfun ask \"...\"`, which also takes --json.");
            return ExitCodes.Usage;
        }

        var config = await LoadConfigAsync(settings.Overrides(), cancellationToken).ConfigureAwait(false);
        await using var session = AgentSession.Open(config, Environment, LoggerFactory, settings.Verbose);
        var extensions = AgentCommand<Settings>.WithContext(await session.DefaultExtensionsAsync(cancellationToken).ConfigureAwait(false),
            await ContextVariables.ReadAsync(Environment, settings.Context, cancellationToken).ConfigureAwait(false));
        var chats = await session.ChatsAsync(cancellationToken).ConfigureAwait(false);
        var chat = new ChatState(chats);
        if (settings.Continue || settings.Resume is not null)
        {
            await chat.ResumeAsync(settings.Resume ?? "last", cancellationToken).ConfigureAwait(false);
            Environment.Error.MarkupLine($"Resumed session [bold]{Markup.Escape(chat.Current!.Id)}[/] ({chat.Turns.Count} earlier turns; `memfun sessions show {Markup.Escape(chat.Current.Id[..12])}` shows them).");
        }

        Environment.Error.MarkupLine($"[bold]memfun chat[/] in {Markup.Escape(config.ProjectRoot)} with {Markup.Escape(config.Llm.Model)}. Ask about the code; [bold]/help[/] lists commands.");
        string? lastTrace = null;
        try
        {
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

                    await RunSlashCommandAsync(line, chat, session, lastTrace, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                try
                {
                    var (result, trace) = await session.RunAsync(agent => agent.ChatAsync(line, ChatSessions.Conversation(chat.Turns), cancellationToken), extensions, cancellationToken).ConfigureAwait(false);
                    lastTrace = trace;
                    await AgentCommand<AgentCommandSettings>.WriteAnswerAsync(Environment, result.Run.Answered ? result.Answer : AgentCommand<AgentCommandSettings>.PartialAnswer(result.Run)).ConfigureAwait(false);
                    AgentCommand<AgentCommandSettings>.WriteSummary(Environment, result, trace);
                    await chat.AppendAsync(new ChatTurn(line, result.Answer), config.Llm.Model, cancellationToken).ConfigureAwait(false);
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
        }
        finally
        {
            if (chat.Current is { } saved)
            {
                Environment.Error.MarkupLine($"[grey]Session {Markup.Escape(saved.Id[..12])} saved: `memfun chat --resume {Markup.Escape(saved.Id[..12])}` (or --continue) picks it up.[/]");
            }
        }

        return ExitCodes.Cancelled;
    }

    private async Task RunSlashCommandAsync(string line, ChatState chat, AgentSession session, string? lastTrace, CancellationToken cancellationToken)
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
                chat.Clear();
                Environment.Error.MarkupLine("[grey]Conversation cleared: the next message starts a new session.[/]");
                break;
            case "/sessions":
                foreach (var earlier in (await chat.Chats.ListAsync(cancellationToken).ConfigureAwait(false)).Take(10))
                {
                    Environment.Error.MarkupLine($"  [bold]{Markup.Escape(earlier.Id[..12])}[/] {earlier.UpdatedAt.ToLocalTime():yyyy-MM-dd HH:mm} {ChatSessions.Count(earlier)} turns  {Markup.Escape(earlier.Data.GetValueOrDefault("title", ""))}{(earlier.Id == chat.Current?.Id ? " [green](this one)[/]" : "")}");
                }

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

    /// <summary>The chat's options: the agent commands' plus which session to continue.</summary>
    public sealed class Settings : AgentCommandSettings
    {
        /// <summary>Gets or sets a value indicating whether to continue the most recent chat.</summary>
        [CommandOption("-c|--continue")]
        [Description("Continue this project's most recent chat.")]
        public bool Continue { get; set; }

        /// <summary>Gets or sets the session to resume.</summary>
        [CommandOption("--resume <ID>")]
        [Description("Continue the chat with this session id (or a unique prefix; `memfun sessions list` shows them).")]
        public string? Resume { get; set; }

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            Continue && Resume is not null ? ValidationResult.Error("Use --continue or --resume ID, not both.")
            : Format != OutputFormat.Text ? ValidationResult.Error("`memfun chat` talks on the terminal; for JSON use `memfun ask \"...\" --output-format json|stream-json`.")
            : base.Validate();
    }
}
