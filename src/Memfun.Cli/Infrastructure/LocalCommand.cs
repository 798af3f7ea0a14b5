using Spectre.Console.Cli;

namespace Memfun.Cli.Infrastructure;

/// <summary>
/// Base of the commands that read local files and print, with nothing to wait for (the listings and <c>info</c>
/// commands, <c>config show</c>, <c>completion</c>): they run synchronously.
/// </summary>
/// <remarks>
/// An async method's state machine is compiled at run time even in a ReadyToRun build, about 1.5 ms at the start of a
/// command that is otherwise a few milliseconds of work (issue 20).
/// </remarks>
/// <typeparam name="TSettings">The command's settings.</typeparam>
public abstract class LocalCommand<TSettings>(CliEnvironment environment) : MemfunCommand<TSettings>(environment)
    where TSettings : MemfunSettings
{
    /// <inheritdoc />
    /// <remarks>A listing that worked is not worth a log line in every project it ran in; a failure still gets one.</remarks>
    protected sealed override bool LogsSuccess => false;

    /// <inheritdoc />
    protected sealed override Task<int> RunAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Run(context, settings));
    }

    /// <summary>Runs the command.</summary>
    protected abstract int Run(CommandContext context, TSettings settings);
}
