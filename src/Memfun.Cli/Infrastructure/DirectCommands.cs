using System.Globalization;
using Memfun.Cli.Commands.Agent;
using Memfun.Cli.Commands.Agents;
using Memfun.Cli.Commands.Changes;
using Memfun.Cli.Commands.Completion;
using Memfun.Cli.Commands.Config;
using Memfun.Cli.Commands.Sessions;
using Memfun.Cli.Commands.Setup;
using Memfun.Cli.Commands.Skills;
using Memfun.Cli.Commands.Traces;
using Spectre.Console.Cli;

namespace Memfun.Cli.Infrastructure;

/// <summary>
/// Runs the commands that call no model (<c>config show</c>, <c>skill list|search|info</c>, <c>agent list|info</c>,
/// <c>traces list|show</c>, <c>sessions list</c>, <c>undo</c>, <c>completion</c>, <c>doctor</c>), and <c>ask</c> with
/// its common options, without building Spectre.Console.Cli's command tree and the dependency container, which cost
/// several times a bare program's start-up and a fifth of a one-turn ask's (issue 20).
/// </summary>
/// <remarks>
/// Only a command line that is certainly valid is taken: the command path, then each declared flag at most once, the
/// command's one argument at most once (and for <c>skill search</c> <c>--limit</c> with a plain number), and settings
/// that pass their own validation. Everything else, including every mistake, goes to the command tree, so parsing,
/// messages and exit codes stay exactly those of the tree.
/// </remarks>
internal static class DirectCommands
{
    /// <summary>Starts the command <paramref name="args"/> name when they are one this class runs; null otherwise.</summary>
    public static Task<int>? TryRun(string[] args, CliEnvironment environment, CancellationToken cancellationToken) => args switch
    {
        ["config", "show", .. var rest] when Parse(rest, new JsonSettings()) is { } settings
            => Run(new ConfigShowCommand(environment), args, "config show", settings, cancellationToken),
        ["skill", "list", .. var rest] when Parse(rest, new JsonSettings()) is { } settings
            => Run(new SkillListCommand(environment), args, "skill list", settings, cancellationToken),
        ["skill", "search", .. var rest] when Parse(rest, new SkillSearchCommand.Settings(), (s, query) => s.Query = query) is { Query.Length: > 0 } settings
            => Run(new SkillSearchCommand(environment), args, "skill search", settings, cancellationToken),
        ["skill", "info", .. var rest] when Parse(rest, new SkillInfoCommand.Settings(), (s, name) => s.Name = name) is { Name.Length: > 0 } settings
            => Run(new SkillInfoCommand(environment), args, "skill info", settings, cancellationToken),
        ["agent", "list", .. var rest] when Parse(rest, new JsonSettings()) is { } settings
            => Run(new AgentListCommand(environment), args, "agent list", settings, cancellationToken),
        ["agent", "info", .. var rest] when Parse(rest, new AgentInfoCommand.Settings(), (s, name) => s.Name = name) is { Name.Length: > 0 } settings
            => Run(new AgentInfoCommand(environment), args, "agent info", settings, cancellationToken),
        ["traces", "list", .. var rest] when Parse(rest, new JsonSettings()) is { } settings
            => Run(new TracesListCommand(environment), args, "traces list", settings, cancellationToken),
        ["traces", "show", .. var rest] when Parse(rest, new TracesShowCommand.Settings(), (s, run) => s.RunId = run) is { } settings
            => Run(new TracesShowCommand(environment), args, "traces show", settings, cancellationToken),
        ["sessions", "list", .. var rest] when Parse(rest, new JsonSettings()) is { } settings
            => Run(new SessionsListCommand(environment), args, "sessions list", settings, cancellationToken),
        ["undo", .. var rest] when Parse(rest, new UndoCommand.Settings(), (s, run) => s.RunId = run) is { } settings
            => Run(new UndoCommand(environment), args, "undo", settings, cancellationToken),
        ["completion", .. var rest] when Parse(rest, new CompletionCommand.Settings(), (s, shell) => s.Shell = shell) is { Shell.Length: > 0 } settings
            => Run(new CompletionCommand(environment), args, "completion", settings, cancellationToken),
        ["ask", .. var rest] when Parse(rest, new AskCommand.Settings(), (s, question) => s.Question = question) is { Question.Length: > 0 } settings
            => RunInterruptibleAsync(new AskCommand(environment), args, "ask", settings, environment, cancellationToken),
        ["doctor", .. var rest] when Parse(rest, new DoctorCommand.Settings()) is { } settings
            => Run(new DoctorCommand(environment, DoctorChecks.BuiltIn(environment)), args, "doctor", settings, cancellationToken),
        _ => null,
    };

    private static Task<int> Run<TSettings>(MemfunCommand<TSettings> command, string[] args, string path, TSettings settings, CancellationToken cancellationToken)
        where TSettings : MemfunSettings =>
        command.ExecuteAsync(new CommandContext(args, NoRemainingArguments.Instance, path[(path.LastIndexOf(' ') + 1)..], path), settings, cancellationToken);

    // The tree cancels a command on Ctrl+C; run directly, an agent command listens for it itself (a second Ctrl+C still
    // ends the process, see Interrupts).
    private static async Task<int> RunInterruptibleAsync<TSettings>(MemfunCommand<TSettings> command, string[] args, string path, TSettings settings, CliEnvironment environment, CancellationToken cancellationToken)
        where TSettings : MemfunSettings
    {
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, environment.Interrupts?.Listen() ?? CancellationToken.None);
        return await Run(command, args, path, settings, interrupted.Token).ConfigureAwait(false);
    }

    // The settings the tokens after the command path set, or null when any token is not one the settings declare, is
    // repeated, has a value the tree might read differently, or the settings' own validation fails (the tree then
    // gives its message). The first token not starting with '-' goes to the command's one argument, if it has one.
    private static TSettings? Parse<TSettings>(string[] tokens, TSettings settings, Action<TSettings, string>? argument = null)
        where TSettings : MemfunSettings
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            var name = token is "-v" ? "--verbose" : token;
            if (!seen.Add(name))
            {
                return null;
            }

            switch (name, settings)
            {
                case ("--verbose", _):
                    settings.Verbose = true;
                    break;
                case ("--json", JsonSettings json):
                    json.Json = true;
                    break;
                case ("--deep", DoctorCommand.Settings doctor):
                    doctor.Deep = true;
                    break;
                case ("--list", UndoCommand.Settings undo):
                    undo.List = true;
                    break;
                case ("--limit", SkillSearchCommand.Settings search) when i + 1 < tokens.Length && IsPlainNumber(tokens[i + 1]):
                    search.Limit = int.Parse(tokens[++i], CultureInfo.InvariantCulture);
                    break;
                case ("--remote", RemoteAgentCommandSettings remote):
                    remote.Remote = true;
                    break;
                case ("--max-iterations", AgentCommandSettings agent) when i + 1 < tokens.Length && IsPlainNumber(tokens[i + 1]):
                    agent.MaxIterations = int.Parse(tokens[++i], CultureInfo.InvariantCulture);
                    break;
                case ("--timeout", AgentCommandSettings agent) when i + 1 < tokens.Length && IsPlainNumber(tokens[i + 1]):
                    agent.Timeout = int.Parse(tokens[++i], CultureInfo.InvariantCulture);
                    break;
                case ("--model", AgentCommandSettings agent) when IsPlainValue(tokens, i + 1):
                    agent.Model = tokens[++i];
                    break;
                case ("--mode", AgentCommandSettings agent) when IsPlainValue(tokens, i + 1):
                    agent.Mode = tokens[++i];
                    break;
                case ("--output-format", AgentCommandSettings agent) when IsPlainValue(tokens, i + 1):
                    agent.OutputFormatName = tokens[++i];
                    break;
                case (_, _) when argument is not null && !token.StartsWith('-') && seen.Add("(argument)"):
                    argument(settings, token);
                    break;
                default:
                    return null;
            }
        }

        return settings.Validate().Successful ? settings : null;
    }

    private static bool IsPlainNumber(string value) => value.Length is > 0 and < 10 && value.All(char.IsAsciiDigit);

    // An option's value the tree would read the same way: present, and not something that looks like another option.
    private static bool IsPlainValue(string[] tokens, int index) => index < tokens.Length && tokens[index].Length > 0 && !tokens[index].StartsWith('-');

    private sealed class NoRemainingArguments : IRemainingArguments
    {
        public static NoRemainingArguments Instance { get; } = new();

        public ILookup<string, string?> Parsed { get; } = Array.Empty<string>().ToLookup(name => name, name => (string?)null);

        public IReadOnlyList<string> Raw { get; } = [];
    }
}
