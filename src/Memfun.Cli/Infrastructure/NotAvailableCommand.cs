using System.ComponentModel;
using Memfun.Core.Errors;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Infrastructure;

/// <summary>Stands in for a planned command that is not built yet: says so and exits with the usage code.</summary>
public sealed class NotAvailableCommand(CliEnvironment environment) : AsyncCommand<NotAvailableCommand.Settings>
{
    /// <inheritdoc />
    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = context.Data as string ?? context.Name;
        environment.Error.MarkupLine($"[yellow]`memfun {Markup.Escape(name)}` is not available yet[/] in this version of memfun.");
        return Task.FromResult(ExitCodes.Usage);
    }

    /// <summary>Accepts any arguments, so the message is the same however the command is called.</summary>
    public sealed class Settings : MemfunSettings
    {
        /// <summary>Gets or sets the arguments, ignored.</summary>
        [CommandArgument(0, "[arguments]")]
        [Description("Ignored until the command exists.")]
        public string[] Arguments { get; set; } = [];
    }
}
