using Memfun.Core.Errors;
using Spectre.Console;

namespace Memfun.Cli.Infrastructure;

/// <summary>Renders failures as one clear line (plus a hint), with the stack trace only when verbose.</summary>
internal static class ErrorRenderer
{
    public static int Render(IAnsiConsole console, Exception exception, bool verbose)
    {
        switch (exception)
        {
            case MemfunException memfun:
                console.MarkupLine($"[red]error[/] [grey]{memfun.ErrorCode}[/]: {Markup.Escape(memfun.Message)}");
                if (memfun.Hint is not null)
                {
                    console.MarkupLine($"[yellow]hint[/]: {Markup.Escape(memfun.Hint)}");
                }

                if (verbose)
                {
                    console.WriteException(memfun);
                }

                return memfun.ExitCode;
            case OperationCanceledException:
                console.MarkupLine("[yellow]cancelled[/]");
                return ExitCodes.Cancelled;
            default:
                console.MarkupLine($"[red]internal error[/]: {Markup.Escape(exception.Message)}");
                if (verbose)
                {
                    console.WriteException(exception);
                }
                else
                {
                    console.MarkupLine("[grey]This is a bug in memfun. Rerun with --verbose for the stack trace, and please report it.[/]");
                }

                return ExitCodes.InternalError;
        }
    }
}
