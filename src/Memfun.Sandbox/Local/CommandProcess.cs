using System.Diagnostics;
using System.Text;
using Memfun.Core.Errors;
using Memfun.Core.Processes;

namespace Memfun.Sandbox.Local;

/// <summary>Runs one sandboxed command to its end or its timeout, keeping a bounded part of its output.</summary>
internal static class CommandProcess
{
    public static async Task<CommandResult> RunAsync(ProcessStartInfo start, TimeSpan timeout, int outputLimitChars, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = start };
        var stopwatch = Stopwatch.StartNew();
        try
        {
            ProgramPath.Start(process);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SandboxException(MemfunErrorCodes.SandboxUnavailable, $"Could not start the command sandbox ({start.FileName}): {e.Message}", e);
        }

        process.StandardInput.Close();
        var stdout = ReadBoundedAsync(process.StandardOutput, outputLimitChars);
        var stderr = ReadBoundedAsync(process.StandardError, outputLimitChars);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            timedOut = true;
        }

        var output = await stdout.ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);
        if (timedOut)
        {
            errors += $"\n[killed: the command ran past its timeout of {timeout.TotalSeconds:0.#} s]";
        }

        return new CommandResult(timedOut ? -1 : process.ExitCode, output, errors, timedOut, stopwatch.Elapsed);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited on its own meanwhile.
        }
    }

    /// <summary>Reads a stream to its end, keeping the first <paramref name="limit"/> characters and counting the rest.</summary>
    private static async Task<string> ReadBoundedAsync(StreamReader reader, int limit)
    {
        var kept = new StringBuilder();
        var dropped = 0L;
        var buffer = new char[8192];
        while (await reader.ReadAsync(buffer).ConfigureAwait(false) is var read and > 0)
        {
            var room = Math.Min(read, limit - kept.Length);
            if (room > 0)
            {
                kept.Append(buffer, 0, room);
            }

            dropped += read - Math.Max(room, 0);
        }

        if (dropped > 0)
        {
            kept.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n[... output truncated: {dropped} more characters not shown ...]");
        }

        return kept.ToString();
    }
}
