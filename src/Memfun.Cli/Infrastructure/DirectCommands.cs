using Memfun.Cli.Commands.Agent;
using Memfun.Cli.Commands.Agents;
using Memfun.Cli.Commands.Changes;
using Memfun.Cli.Commands.Completion;
using Memfun.Cli.Commands.Config;
using Memfun.Cli.Commands.Optimize;
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
        ["skill", "validate", ..] => SkillValidate(args, environment, cancellationToken),
        ["agent", "validate", ..] => AgentValidate(args, environment, cancellationToken),
        ["traces", "list", ..] => TracesList(args, environment, cancellationToken),
        ["traces", "show", ..] => TracesShow(args, environment, cancellationToken),
        ["sessions", "list", ..] => SessionsList(args, environment, cancellationToken),
        ["undo", ..] => Undo(args, environment, cancellationToken),
        ["completion", ..] => Completion(args, environment, cancellationToken),
        ["ask", ..] => Ask(args, environment, cancellationToken),
        ["doctor", ..] => Doctor(args, environment, cancellationToken),
        ["optimize", ..] => OptimizeView(args, environment, cancellationToken),
        _ => null,
    };

    private static Task<int>? ConfigShow(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Start(args, "config show", new JsonSettings(), () => new ConfigShowCommand(environment), cancellationToken);

    private static Task<int>? SkillList(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Start(args, "skill list", new JsonSettings(), () => new SkillListCommand(environment), cancellationToken);

    private static Task<int>? SkillSearch(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Start(args, "skill search", new SkillSearchCommand.Settings(), () => new SkillSearchCommand(environment), cancellationToken, (s, query) => s.Query = query, required: true);

    private static Task<int>? SkillInfo(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Start(args, "skill info", new SkillInfoCommand.Settings(), () => new SkillInfoCommand(environment), cancellationToken, (s, name) => s.Name = name, required: true);

    private static Task<int>? AgentList(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Start(args, "agent list", new JsonSettings(), () => new AgentListCommand(environment), cancellationToken);

    private static Task<int>? AgentInfo(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Start(args, "agent info", new AgentInfoCommand.Settings(), () => new AgentInfoCommand(environment), cancellationToken, (s, name) => s.Name = name, required: true);

    // One path here; several go to the tree.
    private static Task<int>? SkillValidate(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Start(args, "skill validate", new SkillValidateCommand.Settings(), () => new SkillValidateCommand(environment), cancellationToken, (s, path) => s.Paths = [path]);

    private static Task<int>? AgentValidate(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Start(args, "agent validate", new AgentValidateCommand.Settings(), () => new AgentValidateCommand(environment), cancellationToken, (s, path) => s.Paths = [path]);

    private static Task<int>? TracesList(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Start(args, "traces list", new JsonSettings(), () => new TracesListCommand(environment), cancellationToken);

    private static Task<int>? TracesShow(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Start(args, "traces show", new TracesShowCommand.Settings(), () => new TracesShowCommand(environment), cancellationToken, (s, run) => s.RunId = run);

    private static Task<int>? SessionsList(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Start(args, "sessions list", new JsonSettings(), () => new SessionsListCommand(environment), cancellationToken);

    private static Task<int>? Undo(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Start(args, "undo", new UndoCommand.Settings(), () => new UndoCommand(environment), cancellationToken, (s, run) => s.RunId = run);

    private static Task<int>? Completion(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Start(args, "completion", new CompletionCommand.Settings(), () => new CompletionCommand(environment), cancellationToken, (s, shell) => s.Shell = shell, required: true);

    private static Task<int>? Doctor(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Start(args, "doctor", new DoctorCommand.Settings(), () => new DoctorCommand(environment, DoctorChecks.BuiltIn(environment)), cancellationToken);

    // Only the read-only views (--report, --show): optimizing calls models, and is left to the tree, which cancels it on
    // Ctrl+C.
    private static Task<int>? OptimizeView(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Parse(args[1..], new OptimizeCommand.Settings(), argument: null, required: false) is { } settings && (settings.Report || settings.Show)
            ? Run(new OptimizeCommand(environment), args, "optimize", settings, cancellationToken)
            : null;

    // The tree cancels an agent command on Ctrl+C; run directly, it listens for it itself (see RunInterruptibleAsync).
    private static Task<int>? Ask(string[] args, CliEnvironment environment, CancellationToken cancellationToken) =>
        Parse(args[1..], new AskCommand.Settings(), (s, question) => s.Question = question, required: true) is { } settings
            ? RunInterruptibleAsync(new AskCommand(environment), args, "ask", settings, environment, cancellationToken)
            : null;

    // Starts the command at <path> (its words are the first arguments) when the rest of the arguments parse.
    private static Task<int>? Start<TSettings>(
        string[] args, string path, TSettings settings, Func<MemfunCommand<TSettings>> command, CancellationToken cancellationToken,
        Action<TSettings, string>? argument = null, bool required = false)
        where TSettings : MemfunSettings =>
        Parse(args[(path.AsSpan().Count(' ') + 1)..], settings, argument, required) is { } parsed ? Run(command(), args, path, parsed, cancellationToken) : null;

    private static Task<int> Run<TSettings>(MemfunCommand<TSettings> command, string[] args, string path, TSettings settings, CancellationToken cancellationToken)
        where TSettings : MemfunSettings =>
        command.ExecuteAsync(new CommandContext(args, NoRemainingArguments.Instance, path[(path.LastIndexOf(' ') + 1)..], path), settings, cancellationToken);

    // A second Ctrl+C still ends the process, see Interrupts.
    private static async Task<int> RunInterruptibleAsync<TSettings>(MemfunCommand<TSettings> command, string[] args, string path, TSettings settings, CliEnvironment environment, CancellationToken cancellationToken)
        where TSettings : MemfunSettings
    {
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, environment.Interrupts?.Listen() ?? CancellationToken.None);
        return await Run(command, args, path, settings, interrupted.Token).ConfigureAwait(false);
    }

    // The settings the tokens after the command path set, or null when any token is not one the settings declare, is
    // repeated, has a value the tree might read differently, or the settings' own validation fails (the tree then
    // gives its message). The first token not starting with '-' goes to the command's one argument, if it has one; a
    // required argument that is missing leaves the line to the tree too.
    private static TSettings? Parse<TSettings>(string[] tokens, TSettings settings, Action<TSettings, string>? argument, bool required)
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

            if (argument is null || token.Length == 0 || token.StartsWith('-') || !seen.Add("(argument)"))
            {
                return null;
            }

            argument(settings, token);
        }

        return (!required || seen.Contains("(argument)")) && settings.Validate().Successful ? settings : null;
    }

    // No LINQ lookup: building an empty one loads a dozen generic types at every start; the lookup interfaces are loaded
    // only if a command reads Parsed, which none run here does (issue 20).
    private sealed class NoRemainingArguments : IRemainingArguments
    {
        public static NoRemainingArguments Instance { get; } = new();

        public ILookup<string, string?> Parsed => EmptyLookup.Instance;

        public IReadOnlyList<string> Raw { get; } = [];
    }

    private sealed class EmptyLookup : ILookup<string, string?>
    {
        public static EmptyLookup Instance { get; } = new();

        int ILookup<string, string?>.Count => 0;

        IEnumerable<string?> ILookup<string, string?>.this[string key] => [];

        bool ILookup<string, string?>.Contains(string key) => false;

        IEnumerator<IGrouping<string, string?>> IEnumerable<IGrouping<string, string?>>.GetEnumerator() => Enumerable.Empty<IGrouping<string, string?>>().GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => Enumerable.Empty<IGrouping<string, string?>>().GetEnumerator();
    }
}
