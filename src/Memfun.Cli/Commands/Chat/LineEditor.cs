using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace Memfun.Cli.Commands.Chat;

/// <summary>
/// The chat's line editor: arrow-key editing (Left/Right, Home/End, Ctrl+A/E, Backspace/Delete, Ctrl+U), Up/Down
/// through the history of this and earlier sessions (kept in a file), a multi-line paste read as one message
/// (Alt+Enter also adds a line; Enter sends), Tab completion of slash commands, and Ctrl+D on an empty line to leave.
/// </summary>
/// <remarks>
/// RadLine 0.6, the obvious choice, is built against Spectre.Console 0.43's unsigned assembly and does not load next
/// to the 0.57 this CLI uses, so this is the same behaviour in one small class. Keys come from the console's input, so
/// tests drive it with a test console's queued keys; input that is not a terminal ends when it runs out of keys, and
/// only a terminal's bursts are taken for pastes.
/// </remarks>
internal sealed class LineEditor
{
    private const string Prompt = "you> ";
    private const string More = "...> ";
    private const int HistoryEntries = 500;
    private const int PasteGraceMilliseconds = 30;
    private readonly IAnsiConsole _console;
    private readonly string _historyFile;
    private readonly Func<IEnumerable<string>> _completions;
    private readonly List<string> _history;
    private readonly bool _terminal;
    private readonly StringBuilder _text = new();
    private int _cursor;
    private int _renderedCursorRow;

    public LineEditor(IAnsiConsole console, string historyFile, Func<IEnumerable<string>> completions)
    {
        _console = console;
        _historyFile = historyFile;
        _completions = completions;
        _terminal = console.Profile.Out.IsTerminal && console.Profile.Capabilities.Ansi;
        _history = LoadHistory();
    }

    /// <summary>Gets the messages sent so far, the oldest first (earlier sessions' included).</summary>
    public IReadOnlyList<string> History => _history;

    /// <summary>Reads one message; null when the input ended (Ctrl+D on an empty line, or no more input).</summary>
    /// <exception cref="OperationCanceledException">Ctrl+C: the line was abandoned.</exception>
    public async Task<string?> ReadAsync(CancellationToken cancellationToken)
    {
        _text.Clear();
        _cursor = 0;
        _renderedCursorRow = 0;
        var browsing = _history.Count;
        Render();
        try
        {
            while (true)
            {
                var key = await NextKeyAsync(cancellationToken).ConfigureAwait(false);
                if (key is null)
                {
                    return Finish(null);
                }

                // Keys that arrive together with more behind them are a paste: its line breaks stay in the message.
                var k = key.Value;
                var pasting = _terminal && (_console.Input.IsKeyAvailable() || (k.Key == ConsoleKey.Enter && await MoreKeysSoonAsync(cancellationToken).ConfigureAwait(false)));

                // A printable character is text whatever key and modifiers report it (a test console reports '.' as
                // Delete and 'W' with Control); a real Ctrl+letter arrives as a control character.
                if (k.KeyChar != 0 && !char.IsControl(k.KeyChar))
                {
                    Insert(k.KeyChar.ToString());
                }
                else
                {
                    Edit(k, pasting, ref browsing, out var done);
                    if (done)
                    {
                        return Finish(k.Key == ConsoleKey.Enter ? _text.ToString() : null);
                    }
                }

                if (!_terminal || !_console.Input.IsKeyAvailable())
                {
                    Render();
                }
            }
        }
        catch (OperationCanceledException)
        {
            Finish(null);
            throw;
        }
    }

    // Applies an editing key; done is set when the key ends the message (Enter) or the input (Ctrl+D on an empty line).
    private void Edit(ConsoleKeyInfo k, bool pasting, ref int browsing, out bool done)
    {
        done = false;
        switch (k.Key)
        {
            case ConsoleKey.Enter when pasting || (k.Modifiers & (ConsoleModifiers.Alt | ConsoleModifiers.Shift)) != 0:
                Insert("\n");
                break;
            case ConsoleKey.Enter:
                done = true;
                break;
            case ConsoleKey.C when k.Modifiers.HasFlag(ConsoleModifiers.Control) || k.KeyChar == '\u0003':
                // Ctrl+C read as a key (the terminal did not turn it into SIGINT) abandons the line like the signal.
                throw new OperationCanceledException();
            case ConsoleKey.D when k.Modifiers.HasFlag(ConsoleModifiers.Control):
                done = _text.Length == 0;
                Delete(_cursor, 1);
                break;
            case ConsoleKey.Backspace:
                Delete(_cursor - 1, 1);
                break;
            case ConsoleKey.Delete:
                Delete(_cursor, 1);
                break;
            case ConsoleKey.LeftArrow:
                _cursor = Math.Max(0, _cursor - 1);
                break;
            case ConsoleKey.RightArrow:
                _cursor = Math.Min(_text.Length, _cursor + 1);
                break;
            case ConsoleKey.Home:
            case ConsoleKey.A when k.Modifiers.HasFlag(ConsoleModifiers.Control):
                _cursor = 0;
                break;
            case ConsoleKey.End:
            case ConsoleKey.E when k.Modifiers.HasFlag(ConsoleModifiers.Control):
                _cursor = _text.Length;
                break;
            case ConsoleKey.U when k.Modifiers.HasFlag(ConsoleModifiers.Control):
                Delete(0, _cursor);
                break;
            case ConsoleKey.UpArrow when browsing > 0:
                Replace(_history[--browsing]);
                break;
            case ConsoleKey.DownArrow when browsing < _history.Count:
                browsing++;
                Replace(browsing == _history.Count ? "" : _history[browsing]);
                break;
            case ConsoleKey.Tab:
                Complete();
                break;
        }
    }

    // A paste can reach us in more than one read; nobody types a key within a few milliseconds of Enter.
    private async Task<bool> MoreKeysSoonAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < PasteGraceMilliseconds / 5; i++)
        {
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
            if (_console.Input.IsKeyAvailable())
            {
                return true;
            }
        }

        return false;
    }

    private async Task<ConsoleKeyInfo?> NextKeyAsync(CancellationToken cancellationToken)
    {
        while (!_console.Input.IsKeyAvailable())
        {
            if (!_terminal)
            {
                return null;
            }

            // Console input cannot be awaited; a short poll keeps Ctrl+C (the token) responsive.
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return _console.Input.ReadKey(intercept: true);
    }

    private void Insert(string text)
    {
        _text.Insert(_cursor, text);
        _cursor += text.Length;
    }

    private void Delete(int start, int count)
    {
        if (start < 0 || start >= _text.Length || count <= 0)
        {
            return;
        }

        count = Math.Min(count, _text.Length - start);
        _text.Remove(start, count);
        if (_cursor > start)
        {
            _cursor = Math.Max(start, _cursor - count);
        }
    }

    private void Replace(string text)
    {
        _text.Clear().Append(text);
        _cursor = _text.Length;
    }

    // Tab at the start of a message completes a slash command: the one match, or the longest common prefix of several.
    private void Complete()
    {
        var typed = _text.ToString(0, _cursor);
        if (!typed.StartsWith('/') || typed.Contains(' ', StringComparison.Ordinal))
        {
            return;
        }

        var matches = _completions().Where(c => c.StartsWith(typed, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (matches.Count == 0)
        {
            return;
        }

        var common = matches.Aggregate((a, b) => a[..a.Zip(b).TakeWhile(p => p.First == p.Second).Count()]);
        var completion = matches.Count == 1 ? matches[0] + " " : common;
        Insert(completion[typed.Length..]);
    }

    private string? Finish(string? text)
    {
        _cursor = _text.Length;
        Render(final: true);
        if (text is { Length: > 0 } && text.Trim().Length > 0)
        {
            _history.Add(text);
            SaveHistory(text);
        }

        return text;
    }

    // Redraws the message under the prompt: back to its first row, clear to the end of the screen, write, put the cursor back.
    private void Render(bool final = false)
    {
        var writer = _console.Profile.Out.Writer;
        var lines = _text.ToString().Split('\n');
        if (!_terminal)
        {
            if (final)
            {
                writer.Write(Prompt + string.Join("\n" + More, lines) + "\n");
            }

            return;
        }

        var width = Math.Max(20, _console.Profile.Width);
        var output = new StringBuilder("\x1b[?25l\r");
        if (_renderedCursorRow > 0)
        {
            output.Append("\x1b[").Append(_renderedCursorRow).Append('A');
        }

        output.Append("\x1b[J");
        int row = 0, cursorRow = 0, cursorColumn = 0, offset = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var prefix = i == 0 ? Prompt : More;
            output.Append("\x1b[1;32m").Append(prefix).Append("\x1b[0m").Append(lines[i]);
            if (_cursor >= offset && _cursor <= offset + lines[i].Length)
            {
                var column = prefix.Length + _cursor - offset;
                cursorRow = row + (column / width);
                cursorColumn = column % width;
            }

            row += (prefix.Length + lines[i].Length) / width;
            offset += lines[i].Length + 1;
            if (i < lines.Length - 1)
            {
                output.Append("\r\n");
                row++;
            }
        }

        if (final)
        {
            output.Append("\r\n\x1b[?25h");
            _renderedCursorRow = 0;
        }
        else
        {
            if (row > cursorRow)
            {
                output.Append("\x1b[").Append(row - cursorRow).Append('A');
            }

            output.Append('\r');
            if (cursorColumn > 0)
            {
                output.Append("\x1b[").Append(cursorColumn).Append('C');
            }

            output.Append("\x1b[?25h");
            _renderedCursorRow = cursorRow;
        }

        writer.Write(output.ToString());
        writer.Flush();
    }

    private List<string> LoadHistory()
    {
        if (!File.Exists(_historyFile))
        {
            return [];
        }

        return File.ReadLines(_historyFile).TakeLast(HistoryEntries).Select(line =>
        {
            try
            {
                return JsonSerializer.Deserialize<string>(line);
            }
            catch (JsonException)
            {
                return null;
            }
        }).OfType<string>().ToList();
    }

    // One JSON string per line keeps a multi-line message one history entry.
    private void SaveHistory(string text)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_historyFile)!);
            File.AppendAllText(_historyFile, JsonSerializer.Serialize(text) + "\n");
        }
        catch (IOException)
        {
            // History is a convenience: a read-only state folder must not end the chat.
        }
    }
}
