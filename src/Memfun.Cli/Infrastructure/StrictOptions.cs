using System.Reflection;
using Memfun.Core.Text;
using Spectre.Console.Cli;

namespace Memfun.Cli.Infrastructure;

/// <summary>
/// Refuses what a command does not declare: an unknown option (with the nearest declared one suggested) or an extra
/// argument. It runs after parsing, when the command's settings type is known, so an option is accepted exactly when
/// a <see cref="CommandOptionAttribute"/> on the settings class (or a base class) declares it.
/// </summary>
internal sealed class StrictOptions : ICommandInterceptor
{
    public void Intercept(CommandContext context, CommandSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var command = context.Data as string ?? context.Name;
        foreach (var group in context.Remaining.Parsed)
        {
            var given = group.Key.StartsWith('-') ? group.Key : (group.Key.Length == 1 ? "-" : "--") + group.Key;
            var nearest = Suggestions.Closest(given, DeclaredOptions(settings.GetType()));
            throw new UsageException($"Unknown option '{given}' for `memfun {command}`.")
            {
                Hint = nearest is null ? $"Run `memfun {command} --help` for its options." : $"Did you mean '{nearest}'?",
            };
        }

        if (context.Remaining.Raw.Count > 0 && !context.Remaining.Raw[0].StartsWith('-'))
        {
            throw new UsageException($"Unexpected argument '{context.Remaining.Raw[0]}' for `memfun {command}`.")
            {
                Hint = "Quote text that contains spaces, e.g. memfun ask \"where is X configured?\".",
            };
        }
    }

    /// <summary>Returns every option name (<c>--long</c> and <c>-s</c>) declared on <paramref name="settingsType"/> and its bases.</summary>
    internal static IEnumerable<string> DeclaredOptions(Type settingsType) =>
        settingsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.GetCustomAttribute<CommandOptionAttribute>())
            .OfType<CommandOptionAttribute>()
            .SelectMany(o => o.LongNames.Select(n => "--" + n).Concat(o.ShortNames.Select(n => "-" + n)));
}
