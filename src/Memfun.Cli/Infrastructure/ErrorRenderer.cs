using Memfun.Core.Errors;
using Memfun.Cli.Rendering;
using Spectre.Console;

namespace Memfun.Cli.Infrastructure;

/// <summary>
/// Turns an exception into the one-line error (and hint) a person reads, and the process exit code. Written as plain
/// lines (coloured on a terminal) without building the error console, which would cost more than a failing listing
/// command's whole start-up; only <c>--verbose</c> stack traces use it.
/// </summary>
internal static class ErrorRenderer
{
    public static int Render(CliEnvironment environment, Exception exception, bool verbose)
    {
        var writer = environment.ErrorWriter;
        switch (exception)
        {
            case MemfunException memfun:
                writer.WriteLine($"{environment.PaintError(Ansi.Red, "error")} {environment.PaintError(Ansi.Grey, memfun.ErrorCode)}: {TerminalText.Inert(memfun.Message)}");
                if (memfun.Hint is not null)
                {
                    writer.WriteLine($"{environment.PaintError(Ansi.Yellow, "hint")}: {TerminalText.Inert(memfun.Hint)}");
                }

                if (verbose)
                {
                    environment.Error.WriteException(memfun);
                }

                return memfun.ExitCode;
            case OperationCanceledException:
                writer.WriteLine(environment.PaintError(Ansi.Yellow, "cancelled"));
                return ExitCodes.Cancelled;
            default:
                writer.WriteLine($"{environment.PaintError(Ansi.Red, "internal error")}: {TerminalText.Inert(exception.Message)}");
                if (verbose)
                {
                    environment.Error.WriteException(exception);
                }
                else
                {
                    writer.WriteLine(environment.PaintError(Ansi.Grey, "This is a bug in memfun. Rerun with --verbose for the stack trace, and please report it."));
                }

                return ExitCodes.InternalError;
        }
    }
}
