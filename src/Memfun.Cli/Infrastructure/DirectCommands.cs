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
    /// <remarks>
    /// Each command is started by a method of its own: a ReadyToRun method loads every type it names before it first
    /// runs, so one switch naming all the commands would load all of them, their settings and their base types (issue 20).
    /// </remarks>
    public static Task<int>? TryRun(string[] args, CliEnvironment environment, CancellationToken cancellationToken) => args switch
    {
        ["config", "show", ..] => ConfigShow(args, environment, cancellationToken),
        ["skill", "list", ..] => SkillList(args, environment, cancellationToken),
        ["skill", "search", ..] => SkillSearch(args, environment, cancellationToken),
        ["skill", "info", ..] => SkillInfo(args, environment, cancellationToken),
        ["agent", "list", ..] => AgentList(args, environment, cancellationToken),
        ["agent", "info", ..] => AgentInfo(args, environment, cancellationToken),
        ["traces", "list", ..] => TracesList(args, environment, cancellationToken),
        ["traces", "show", ..] => TracesShow(args, environment, cancellationToken),
        ["sessions", "list", ..] => SessionsList(args, environment, cancellationToken),
        ["undo", ..] => Undo(args, environment, cancellationToken),
        ["completion", ..] => Completion(args, environment, cancellationToken),
        ["ask", ..] => Ask(args, environment, cancellationToken),
        ["doctor", ..] => Doctor(args, environment, cancellationToken),
        _ => null,
    };

    private static Task<int>? ConfigShow(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Parse(args[2..], new JsonSettings()) is { } settings ? Run(new ConfigShowCommand(environment), args, "config show", settings, cancellationToken) : null;

    private static Task<int>? SkillList(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Parse(args[2..], new JsonSettings()) is { } settings ? Run(new SkillListCommand(environment), args, "skill list", settings, cancellationToken) : null;

    private static Task<int>? SkillSearch(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Parse(args[2..], new SkillSearchCommand.Settings(), (s, query) => s.Query = query) is { Query.Length: > 0 } settings
            ? Run(new SkillSearchCommand(environment), args, "skill search", settings, cancellationToken)
            : null;

    private static Task<int>? SkillInfo(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Parse(args[2..], new SkillInfoCommand.Settings(), (s, name) => s.Name = name) is { Name.Length: > 0 } settings
            ? Run(new SkillInfoCommand(environment), args, "skill info", settings, cancellationToken)
            : null;

    private static Task<int>? AgentList(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Parse(args[2..], new JsonSettings()) is { } settings ? Run(new AgentListCommand(environment), args, "agent list", settings, cancellationToken) : null;

    private static Task<int>? AgentInfo(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Parse(args[2..], new AgentInfoCommand.Settings(), (s, name) => s.Name = name) is { Name.Length: > 0 } settings
            ? Run(new AgentInfoCommand(environment), args, "agent info", settings, cancellationToken)
            : null;

    private static Task<int>? TracesList(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Parse(args[2..], new JsonSettings()) is { } settings ? Run(new TracesListCommand(environment), args, "traces list", settings, cancellationToken) : null;

    private static Task<int>? TracesShow(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Parse(args[2..], new TracesShowCommand.Settings(), (s, run) => s.RunId = run) is { } settings
            ? Run(new TracesShowCommand(environment), args, "traces show", settings, cancellationToken)
            : null;

    private static Task<int>? SessionsList(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Parse(args[2..], new JsonSettings()) is { } settings ? Run(new SessionsListCommand(environment), args, "sessions list", settings, cancellationToken) : null;

    private static Task<int>? Undo(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Parse(args[1..], new UndoCommand.Settings(), (s, run) => s.RunId = run) is { } settings
            ? Run(new UndoCommand(environment), args, "undo", settings, cancellationToken)
            : null;

    private static Task<int>? Completion(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Parse(args[1..], new CompletionCommand.Settings(), (s, shell) => s.Shell = shell) is { Shell.Length: > 0 } settings
            ? Run(new CompletionCommand(environment), args, "completion", settings, cancellationToken)
            : null;

    private static Task<int>? Ask(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Parse(args[1..], new AskCommand.Settings(), (s, question) => s.Question = question) is { Question.Length: > 0 } settings
            ? RunInterruptibleAsync(new AskCommand(environment), args, "ask", settings, environment, cancellationToken)
            : null;

    private static Task<int>? Doctor(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Parse(args[1..], new DoctorCommand.Settings()) is { } settings
            ? Run(new DoctorCommand(environment, DoctorChecks.BuiltIn(environment)), args, "doctor", settings, cancellationToken)
            : null;

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

            if (settings.TryReadOption(name, tokens, ref i))
            {
                continue;
            }

            if (argument is null || token.StartsWith('-') || !seen.Add("(argument)"))
            {
                return null;
            }

            argument(settings, token);
        }

        return settings.Validate().Successful ? settings : null;
    }

    // No LINQ lookup: building an empty one loads a dozen generic types at every start (issue 20).
    private sealed class NoRemainingArguments : IRemainingArguments, ILookup<string, string?>
    {
        public static NoRemainingArguments Instance { get; } = new();

        public ILookup<string, string?> Parsed => this;

        public IReadOnlyList<string> Raw { get; } = [];

        int ILookup<string, string?>.Count => 0;

        IEnumerable<string?> ILookup<string, string?>.this[string key] => [];

        bool ILookup<string, string?>.Contains(string key) => false;

        IEnumerator<IGrouping<string, string?>> IEnumerable<IGrouping<string, string?>>.GetEnumerator() => Enumerable.Empty<IGrouping<string, string?>>().GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => Enumerable.Empty<IGrouping<string, string?>>().GetEnumerator();
    }
}
