using Memfun.Cli.Infrastructure;
using Memfun.Skills.Execution;
using Spectre.Console;

namespace Memfun.Cli.Commands.Skills;

/// <summary>Approves with <c>--yes</c>, asks on a terminal, and declines when nobody can be asked.</summary>
internal sealed class ConsoleApprover(CliEnvironment environment, bool yes) : IApprover
{
    public async ValueTask<bool> ApproveAsync(string who, string action, CancellationToken cancellationToken = default) =>
        yes || (environment.IsInteractive && await environment.Error.ConfirmAsync($"Allow '{who}' to {action}?", defaultValue: false, cancellationToken).ConfigureAwait(false));
}
