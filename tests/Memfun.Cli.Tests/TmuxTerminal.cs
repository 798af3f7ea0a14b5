using System.Diagnostics;
using System.Globalization;

namespace Memfun.Cli.Tests;

/// <summary>
/// The built <c>memfun</c> in a real pseudo-terminal: a tmux server of its own (a private socket), keys sent with
/// <c>send-keys</c>, pastes with <c>paste-buffer</c>, the screen read with <c>capture-pane</c>.
/// </summary>
internal sealed class TmuxTerminal : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180);
    private readonly string _socket = "memfun-test-" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _exitFile = Path.Combine(Path.GetTempPath(), "memfun-tmux-" + Guid.NewGuid().ToString("N") + ".exit");
    private readonly List<string> _unset = [];

    private TmuxTerminal()
    {
    }

    /// <summary>Starts <c>memfun ARGS</c> in <paramref name="directory"/> with <paramref name="environment"/>; the pane stays after it exits.</summary>
    /// <remarks>
    /// A shell between tmux and memfun records memfun's exit status in a file: tmux 3.3 under load now and then closes
    /// a pane's terminal without ever reaping its process (seen as a zombie and <c>pane_dead_status</c> empty for
    /// minutes), while the shell's blocking wait always returns. Its <c>trap : INT</c> keeps the shell alive through
    /// the Ctrl+C meant for memfun, and memfun still gets the default SIGINT disposition (a caught signal resets on exec).
    /// </remarks>
    public static async Task<TmuxTerminal> StartAsync(string directory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var terminal = new TmuxTerminal();
        var command = new List<string> { "new-session", "-d", "-s", "main", "-x", "160", "-y", "50", "-c", directory };
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                // "-e NAME=" would set it empty, and the server copies its environment from the client that starts it.
                terminal._unset.Add(name);
            }
            else
            {
                command.AddRange(["-e", $"{name}={value}"]);
            }
        }

        command.AddRange(["-e", "TERM=xterm-256color", "sh", "-c", "status=$1; shift; trap : INT; \"$@\"; echo $? > \"$status\"", "sh", terminal._exitFile]);
        command.AddRange(["dotnet", Path.Combine(AppContext.BaseDirectory, "memfun.dll"), .. args]);
        await terminal.TmuxAsync([.. command]);
        await terminal.TmuxAsync("set-option", "-t", "main", "remain-on-exit", "on");
        return terminal;
    }

    /// <summary>Types text (each character a key).</summary>
    public Task TypeAsync(string text) => TmuxAsync("send-keys", "-t", "main", "-l", text);

    /// <summary>Presses a key by tmux name: <c>Enter</c>, <c>C-c</c>, <c>C-d</c>, <c>Up</c>, <c>Tab</c>.</summary>
    public Task PressAsync(string key) => TmuxAsync("send-keys", "-t", "main", key);

    /// <summary>Pastes text the way a terminal does: all of it in one write.</summary>
    public async Task PasteAsync(string text)
    {
        await TmuxAsync("set-buffer", "-b", "paste", text);
        await TmuxAsync("paste-buffer", "-b", "paste", "-t", "main", "-d");
    }

    /// <summary>Returns the screen and its scrollback.</summary>
    public Task<string> ScreenAsync() => TmuxAsync("capture-pane", "-p", "-J", "-t", "main", "-S", "-500");

    /// <summary>Waits until the screen shows <paramref name="text"/> <paramref name="times"/> times (polling, with a deadline).</summary>
    public async Task<string> WaitForAsync(string text, int times = 1)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var screen = await ScreenAsync();
            if (Count(screen, text) >= times)
            {
                return screen;
            }

            if (stopwatch.Elapsed > Deadline || await ExitCodeAsync() is not null)
            {
                throw new TimeoutException($"The terminal never showed '{text}' ×{times}:\n{screen}");
            }

            await Task.Yield();
        }
    }

    /// <summary>Waits until memfun exits and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            if (await ExitCodeAsync() is { } code)
            {
                return code;
            }

            if (stopwatch.Elapsed > Deadline)
            {
                throw new TimeoutException("memfun did not exit:\n" + await ScreenAsync());
            }

            await Task.Yield();
        }
    }

    /// <summary>Returns whether the terminal's cursor is visible.</summary>
    public async Task<bool> CursorVisibleAsync() => (await TmuxAsync("display-message", "-p", "-t", "main", "#{cursor_flag}")).Trim() == "1";

    public void Dispose()
    {
        using var kill = Process.Start(new ProcessStartInfo("tmux", ["-L", _socket, "kill-server"]) { RedirectStandardError = true, RedirectStandardOutput = true });
        kill?.WaitForExit();
        File.Delete(_exitFile);
    }

    private async Task<int?> ExitCodeAsync()
    {
        // The shell writes the status with its newline in one write; a file without the newline is still being written.
        if (!File.Exists(_exitFile) || await File.ReadAllTextAsync(_exitFile) is not { } text || !text.EndsWith('\n'))
        {
            return null;
        }

        return int.Parse(text.Trim(), CultureInfo.InvariantCulture);
    }

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private async Task<string> TmuxAsync(params string[] args)
    {
        var info = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-L");
        info.ArgumentList.Add(_socket);
        foreach (var name in _unset)
        {
            info.Environment.Remove(name);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', args)} failed: {error}");
        }

        return output;
    }
}
