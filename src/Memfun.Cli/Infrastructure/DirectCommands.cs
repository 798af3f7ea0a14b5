using System.Globalization;
using Memfun.Cli.Commands.Agents;
using Memfun.Cli.Commands.Config;
using Memfun.Cli.Commands.Setup;
using Memfun.Cli.Commands.Skills;
using Memfun.Cli.Commands.Traces;
using Spectre.Console.Cli;

namespace Memfun.Cli.Infrastructure;

/// <summary>
/// Runs the listing commands that call no model (<c>config show</c>, <c>skill list</c>, <c>skill search</c>,
/// <c>agent list</c>, <c>traces list</c>, <c>doctor</c>) without building Spectre.Console.Cli's command tree and the dependency
/// container, which cost several times a bare program's start-up (issue 20).
/// </summary>
/// <remarks>
/// Only a command line that is certainly valid is taken: the command path, then each declared flag at most once (and
/// for <c>skill search</c> one query and <c>--limit</c> with a plain number). Everything else, including every
/// mistake, goes to the command tree, so parsing, messages and exit codes stay exactly those of the tree.
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
        ["skill", "search", .. var rest] when Parse(rest, new SkillSearchCommand.Settings()) is { Query.Length: > 0 } settings
            => Run(new SkillSearchCommand(environment), args, "skill search", settings, cancellationToken),
        ["agent", "list", .. var rest] when Parse(rest, new JsonSettings()) is { } settings
            => Run(new AgentListCommand(environment), args, "agent list", settings, cancellationToken),
        ["traces", "list", .. var rest] when Parse(rest, new JsonSettings()) is { } settings
            => Run(new TracesListCommand(environment), args, "traces list", settings, cancellationToken),
        ["doctor", .. var rest] when Parse(rest, new DoctorCommand.Settings()) is { } settings
            => Run(new DoctorCommand(environment, DoctorChecks.BuiltIn(environment)), args, "doctor", settings, cancellationToken),
        _ => null,
    };

    private static Task<int> Run<TSettings>(MemfunCommand<TSettings> command, string[] args, string path, TSettings settings, CancellationToken cancellationToken)
        where TSettings : MemfunSettings =>
        command.ExecuteAsync(new CommandContext(args, NoRemainingArguments.Instance, path[(path.LastIndexOf(' ') + 1)..], path), settings, cancellationToken);

    // The settings the tokens after the command path set, or null when any token is not one the settings declare, is
    // repeated, or has a value the tree might read differently.
    private static TSettings? Parse<TSettings>(string[] tokens, TSettings settings)
        where TSettings : JsonSettings
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
                case ("--json", _):
                    settings.Json = true;
                    break;
                case ("--deep", DoctorCommand.Settings doctor):
                    doctor.Deep = true;
                    break;
                case ("--limit", SkillSearchCommand.Settings search) when i + 1 < tokens.Length && IsPlainNumber(tokens[i + 1]):
                    search.Limit = int.Parse(tokens[++i], CultureInfo.InvariantCulture);
                    break;
                case (_, SkillSearchCommand.Settings search) when !token.StartsWith('-') && search.Query.Length == 0:
                    search.Query = token;
                    break;
                default:
                    return null;
            }
        }

        return settings;
    }

    private static bool IsPlainNumber(string value) => value.Length is > 0 and < 10 && value.All(char.IsAsciiDigit);

    private sealed class NoRemainingArguments : IRemainingArguments
    {
        public static NoRemainingArguments Instance { get; } = new();

        public ILookup<string, string?> Parsed { get; } = Array.Empty<string>().ToLookup(name => name, name => (string?)null);

        public IReadOnlyList<string> Raw { get; } = [];
    }
}
