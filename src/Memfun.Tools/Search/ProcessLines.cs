using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Memfun.Core.Processes;

namespace Memfun.Tools.Search;

/// <summary>Streams a program's standard output line by line, so callers can stop early at a result cap.</summary>
/// <remarks>Stopping the enumeration (or the timeout) kills the process tree; standard error is kept for error messages.</remarks>
internal sealed class ProcessLines
{
    private readonly StringBuilder _stderr = new();

    public ProcessLines(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        StartInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            StartInfo.ArgumentList.Add(argument);
        }

        Timeout = timeout;
    }

    public ProcessStartInfo StartInfo { get; }

    public TimeSpan Timeout { get; }

    /// <summary>Gets the exit code once the enumeration finished (null when it was stopped early or the program is missing).</summary>
    public int? ExitCode { get; private set; }

    /// <summary>Gets a value indicating whether the program could not be started (not installed).</summary>
    public bool NotInstalled { get; private set; }

    public bool TimedOut { get; private set; }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public async IAsyncEnumerable<string> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var process = new Process { StartInfo = StartInfo };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        try
        {
            ProgramPath.Start(process);
        }
        catch (Win32Exception)
        {
            NotInstalled = true;
            yield break;
        }

        process.StandardInput.Close();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var finished = false;
        try
        {
            while (true)
            {
                string? line;
                try
                {
                    line = await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    TimedOut = true;
                    yield break;
                }

                if (line is null)
                {
                    break;
                }

                yield return line;
            }

            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            ExitCode = process.ExitCode;
            finished = true;
        }
        finally
        {
            if (!finished && !process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
