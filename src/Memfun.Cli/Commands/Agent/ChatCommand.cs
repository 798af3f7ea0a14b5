using Memfun.Core.Files;
using System.ComponentModel;
using System.Globalization;
using Memfun.Agent.Coding;
using Memfun.Cli.Commands.Chat;
using Memfun.Cli.Commands.Sessions;
using Memfun.Cli.Commands.Skills;
using Memfun.Cli.Infrastructure;
using Memfun.Cli.Rendering;
using Memfun.Core.Errors;
using Memfun.Hosting.Agents;
using Memfun.Hosting.Configuration;
using Memfun.Llm.Errors;
using Memfun.Skills.Agents;
using Memfun.Skills.Discovery;
using Memfun.Skills.Execution;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Agent;

/// <summary>
/// <c>memfun chat</c>: a conversation with the agent about the codebase, kept as a session. Each message is an RLM run
/// that sees the earlier turns as a REPL variable and may stage edits, offered for approval as <c>fix</c>'s are (under the
/// permission mode); slash commands control the session, run a skill or hand a task to an agent. One sandbox, one model budget and one usage ledger serve the whole process; each message gets its own trace.
/// Ctrl+C cancels the running turn and returns to the prompt; at an empty prompt a second Ctrl+C (or Ctrl+D) leaves.
/// </summary>
public sealed class ChatCommand(CliEnvironment environment) : MemfunCommand<ChatCommand.Settings>(environment)
{
    private static readonly (string Name, string Help)[] SlashCommands =
    [
        ("/help", "list these commands"),
        ("/model", "NAME: use another root model for the next messages (alone: show the current one)"),
        ("/cost", "tokens and dollars spent in this session"),
        ("/verbose", "show or hide each turn's code and output as the agent works (on|off; alone: switch)"),
        ("/sessions", "this project's chats; `memfun chat --resume ID` continues one"),
        ("/clear", "start a new session (the current one stays in `memfun sessions list`)"),
        ("/remember", "TEXT: keep TEXT in the project memory (.memfun/MEMORY.md), which every later prompt gets"),
        ("/agent", "NAME TASK: hand TASK to an AGENT.md agent (`memfun agent list`)"),
        ("/trace", "the trace file of the last answer (see `memfun traces show`)"),
        ("/exit", "leave (also /quit, Ctrl+D, or Ctrl+C twice at an empty prompt)"),
    ];

    /// <inheritdoc />
    protected override async Task<int> RunAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!Environment.IsInteractive)
        {
            Environment.Error.MarkupLine("[red]error[/]: `memfun chat` needs a terminal. For scripts, use `memfun ask \"...\"`, which also takes --output-format json|stream-json.");
            return ExitCodes.Usage;
        }

        var config = LoadConfig(settings.Overrides());
        await using var session = AgentSession.Open(config, Environment, LoggerFactory, settings.Verbose);
        var extensions = AgentCommand<Settings>.WithContext(await session.DefaultExtensionsAsync(cancellationToken).ConfigureAwait(false),
            await ContextVariables.ReadAsync(Environment, settings.Context, cancellationToken).ConfigureAwait(false));
        var chat = new ChatState(await session.ChatsAsync(cancellationToken).ConfigureAwait(false));
        if (settings.Continue || settings.Resume is not null)
        {
            await chat.ResumeAsync(settings.Resume ?? "last", cancellationToken).ConfigureAwait(false);
            Environment.Error.MarkupLine($"Resumed session [bold]{Markup.Escape(chat.Current!.Id)}[/] ({chat.Turns.Count} earlier turns; `memfun sessions show {Markup.Escape(chat.Current.Id[..12])}` shows them).");
        }

        var skills = SkillCatalogs.Discover(Environment, config);
        var agents = AgentCatalog.Discover(DefinitionRoots.Agents(config.ProjectRoot, Environment.Variables));
        var state = new TurnState(session, chat, extensions, skills, agents, config);
        var editor = new LineEditor(Environment.Error, StateFiles.ThrowIfLinked(config.ProjectRoot, Path.Combine(config.StateDirectory, "chat_history")),
            () => SlashCommands.Select(c => c.Name).Concat(["/quit"]).Concat(skills.Skills.Select(s => "/" + s.Name)));
        var interrupts = Environment.Interrupts;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interrupts?.Listen() ?? CancellationToken.None);
        Environment.Error.MarkupLine($"[bold]memfun chat[/] in {Markup.Escape(config.ProjectRoot)} with {Markup.Escape(config.Llm.Model)}. Ask about the code; [bold]/help[/] lists commands, Tab completes them.");
        var interruptedAtPrompt = false;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                string? line;
                using (var prompt = CancellationTokenSource.CreateLinkedTokenSource(stop.Token))
                using (interrupts?.Push(() => Cancel(prompt)))
                {
                    try
                    {
                        line = await editor.ReadAsync(prompt.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                    {
                        if (interruptedAtPrompt)
                        {
                            break;
                        }

                        interruptedAtPrompt = true;
                        Environment.Error.MarkupLine("[grey](Ctrl+C again, or Ctrl+D, to leave)[/]");
                        continue;
                    }
                }

                interruptedAtPrompt = false;
                if (line is null)
                {
                    break;
                }

                line = line.Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                if (line is "/exit" or "/quit")
                {
                    break;
                }

                using var turn = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                using (interrupts?.Push(() => Cancel(turn)))
                {
                    try
                    {
                        await RunLineAsync(line, state, turn.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (turn.IsCancellationRequested && !stop.IsCancellationRequested)
                    {
                        Environment.Error.MarkupLine("[yellow]cancelled[/]: that turn was stopped; nothing of it was kept. Back at the prompt.");
                    }
                    catch (LlmBudgetExceededException)
                    {
                        throw;
                    }
                    catch (MemfunException exception)
                    {
                        // One failed message does not end the conversation; a spent budget does (above).
                        ErrorRenderer.Render(Environment, exception, settings.Verbose);
                    }
                }
            }
        }
        finally
        {
            // Every way out leaves the terminal as it was found: cursor shown, colours reset.
            if (Environment.Error.Profile.Capabilities.Ansi)
            {
                Environment.Error.Cursor.Show(true);
                Environment.Error.Write(new ControlCode("\x1b[0m"));
            }

            if (chat.Current is { } saved)
            {
                Environment.Error.MarkupLine($"[grey]Session {Markup.Escape(saved.Id[..12])} saved: `memfun chat --resume {Markup.Escape(saved.Id[..12])}` (or --continue) picks it up.[/]");
            }
        }

        return stop.IsCancellationRequested && cancellationToken.IsCancellationRequested ? ExitCodes.Cancelled : ExitCodes.Success;
    }

    // A prompt or turn already cancelled does not take another Ctrl+C: it then leaves, even in the moment before the
    // next prompt has registered its own handler.
    private static bool Cancel(CancellationTokenSource source)
    {
        if (source.IsCancellationRequested)
        {
            return false;
        }

        source.Cancel();
        return true;
    }

    private async Task RunLineAsync(string line, TurnState state, CancellationToken cancellationToken)
    {
        var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
        var argument = parts.Length == 2 ? parts[1] : "";
        if (!line.StartsWith('/'))
        {
            var (result, trace) = await state.Session.RunAsync(agent => agent.ChatAsync(line, ChatSessions.Conversation(state.Chat.Turns), state.Model, cancellationToken), state.Extensions, cancellationToken).ConfigureAwait(false);
            await ShowAsync(line, result, trace, state, cancellationToken).ConfigureAwait(false);
            return;
        }

        switch (parts[0])
        {
            case "/help":
                foreach (var (name, help) in SlashCommands)
                {
                    Environment.Error.MarkupLine($"  [bold]{name}[/] {Markup.Escape(help)}");
                }

                foreach (var listed in state.Skills.Skills)
                {
                    Environment.Error.MarkupLine($"  [bold]/{Markup.Escape(listed.Name)}[/] [grey][[input]][/] skill: {Markup.Escape(listed.Description)}");
                }

                break;
            case "/model":
                state.Model = argument.Length > 0 ? argument : state.Model;
                Environment.Error.MarkupLine($"[grey]Root model: {Markup.Escape(state.Model ?? state.Config.Llm.Model)}[/]");
                break;
            case "/cost":
                var usage = state.Session.Clients.Ledger.Total;
                Environment.Error.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"{usage.Calls} model calls · {usage.InputTokens:N0} tokens in · {usage.OutputTokens:N0} out · {DisplayFormat.Dollars(usage.CostUsd)}")));
                break;
            case "/verbose":
                state.Session.Verbose = argument switch { "on" => true, "off" => false, _ => !state.Session.Verbose };
                Environment.Error.MarkupLine(state.Session.Verbose ? "[grey]Each turn's code and output are shown from the next message on.[/]" : "[grey]Only the model's prose is shown from the next message on.[/]");
                break;
            case "/trace":
                Environment.Error.MarkupLine(state.LastTrace is null ? "[grey]No answer yet.[/]" : Markup.Escape(state.LastTrace));
                break;
            case "/clear":
                state.Chat.Clear();
                Environment.Error.MarkupLine("[grey]Conversation cleared: the next message starts a new session.[/]");
                break;
            case "/sessions":
                foreach (var earlier in (await state.Chat.Chats.ListAsync(cancellationToken).ConfigureAwait(false)).Take(10))
                {
                    Environment.Error.MarkupLine($"  [bold]{Markup.Escape(earlier.Id[..12])}[/] {DisplayFormat.LocalMinute(earlier.UpdatedAt)} {ChatSessions.Count(earlier)} turns  {Markup.Escape(earlier.Data.GetValueOrDefault("title", ""))}{(earlier.Id == state.Chat.Current?.Id ? " [green](this one)[/]" : "")}");
                }

                break;
            case "/remember" when argument.Length > 0:
                var file = await ProjectMemory.RememberAsync(state.Config.ProjectRoot, argument, cancellationToken).ConfigureAwait(false);
                Environment.Error.MarkupLine($"[grey]Remembered in {Markup.Escape(file)}: every prompt from now on gets it.[/]");
                break;
            case "/agent" when argument.Split(' ', 2, StringSplitOptions.TrimEntries) is [var name, { Length: > 0 } task]:
                if (state.Agents.Find(name) is null)
                {
                    Environment.Error.MarkupLine($"[yellow]There is no agent '{Markup.Escape(name)}'[/]: `memfun agent list` shows them.");
                    break;
                }

                var (answer, agentTrace) = await state.Session.RunAsync(coding => DefinedAgents.InvokeAsync(state.Agents, coding, name, task, cancellationToken), state.Extensions, cancellationToken).ConfigureAwait(false);
                state.LastTrace = agentTrace;
                await AgentCommand<AgentCommandSettings>.WriteAnswerAsync(Environment, answer).ConfigureAwait(false);
                await state.Chat.AppendAsync(new ChatTurn(line, answer), state.Config.Llm.Model, cancellationToken).ConfigureAwait(false);
                break;
            case "/remember" or "/agent" or "/model":
                Environment.Error.MarkupLine($"[yellow]Usage[/]: {parts[0]} {Markup.Escape(SlashCommands.First(c => c.Name == parts[0]).Help.Split(':')[0])}");
                break;
            default:
                if (state.Skills.Find(parts[0][1..]) is { } skill)
                {
                    var runner = new SkillRunner(state.Config.ProjectRoot, new ConsoleApprover(Environment, yes: false));
                    var (result, trace) = await state.Session.RunAsync(agent => runner.RunAsync(agent, skill, argument, cancellationToken), null, cancellationToken).ConfigureAwait(false);
                    await ShowAsync(line, result, trace, state, cancellationToken).ConfigureAwait(false);
                    break;
                }

                Environment.Error.MarkupLine($"[yellow]Unknown command {Markup.Escape(parts[0])}[/]: /help lists them.");
                break;
        }
    }

    private async Task ShowAsync(string line, CodingResult result, string? trace, TurnState state, CancellationToken cancellationToken)
    {
        state.LastTrace = trace;
        await AgentCommand<AgentCommandSettings>.WriteAnswerAsync(Environment, result.Run.Answered ? result.Answer : AgentCommand<AgentCommandSettings>.PartialAnswer(result.Run)).ConfigureAwait(false);
        AgentCommand<AgentCommandSettings>.WriteSummary(Environment, result, trace);
        var answer = result.Answer;
        if (result.Edits.Paths.Count > 0)
        {
            // The same approval as fix: a rejected patch is kept for memfun apply, and the conversation goes on.
            var patch = await PatchApproval.OfferAsync(Environment, state.Config.ProjectRoot, result.Run.RunId, result.Edits, result.Tests, state.Config.Agent.Mode, null, json: false, cancellationToken).ConfigureAwait(false);
            answer += string.Create(CultureInfo.InvariantCulture, $"\n\n(Patch: {(patch.Applied.Count > 0 ? "applied to " + string.Join(", ", patch.Applied) : "not applied")}.)");
        }

        await state.Chat.AppendAsync(new ChatTurn(line, answer), state.Model ?? state.Config.Llm.Model, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the turns of one chat share.</summary>
    private sealed class TurnState(AgentSession session, ChatState chat, CodingAgentExtensions? extensions, SkillCatalog skills, AgentCatalog agents, MemfunConfig config)
    {
        public AgentSession Session => session;

        public ChatState Chat => chat;

        public CodingAgentExtensions? Extensions => extensions;

        public SkillCatalog Skills => skills;

        public AgentCatalog Agents => agents;

        public MemfunConfig Config => config;

        public string? Model { get; set; }

        public string? LastTrace { get; set; }
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
