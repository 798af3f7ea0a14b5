using System.Globalization;
using System.Text;

namespace Memfun.Cli.Rendering;

/// <summary>
/// A table of plain text drawn with box characters, for the listing commands (<c>config show</c>, <c>skill list</c>,
/// <c>traces list</c>...). It writes to a <see cref="TextWriter"/> without a console object, because building
/// Spectre.Console's console and table renderer costs several times a bare program's start-up (issue 20).
/// </summary>
/// <remarks>
/// Columns are as wide as their widest cell. When the table is wider than the width it must fit, the widest
/// column gives up a column at a time — first not below its longest word, then down to a minimum — and cells wrap at
/// spaces (a word longer than its column is cut). Control
/// characters in cells are shown as <c>^X</c> (<see cref="TerminalText"/>): cells hold text from repositories. It is
/// written with loops, not LINQ: each operator over a new element type loads its iterator types when a command starts.
/// </remarks>
internal sealed class TextTable
{
    // A column is never squeezed below this, so a narrow terminal gets tall cells rather than unreadable ones.
    private const int MinimumColumnWidth = 4;

    private readonly string[] _headers;
    private readonly List<string[]> _rows = [];

    // The colour of each row's cells (an Ansi colour, or null); a row's entry is null until one of its cells is coloured.
    private readonly List<string?[]?> _colours = [];

    /// <summary>Creates a table with the given column headers.</summary>
    public TextTable(params string[] headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        _headers = new string[headers.Length];
        for (var i = 0; i < headers.Length; i++)
        {
            _headers[i] = Clean(headers[i]);
        }
    }

    /// <summary>Adds a row; missing cells are empty, extra ones are an error.</summary>
    public TextTable AddRow(params string?[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cells.Length, _headers.Length, nameof(cells));
        var row = new string[_headers.Length];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = i < cells.Length ? Clean(cells[i] ?? "") : "";
        }

        _rows.Add(row);
        _colours.Add(null);
        return this;
    }

    /// <summary>Draws the last row's cell in <paramref name="column"/> in <paramref name="colour"/> (an <see cref="Ansi"/> colour) when the table is written with colours.</summary>
    public TextTable Paint(int column, string colour)
    {
        if (_rows.Count == 0)
        {
            throw new InvalidOperationException("Add the row before painting its cells.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, _headers.Length);
        (_colours[^1] ??= new string?[_headers.Length])[column] = colour;
        return this;
    }

    /// <summary>Writes the table, fitted into <paramref name="width"/> columns when given, with its cells' colours when <paramref name="colors"/> is set.</summary>
    public void WriteTo(TextWriter writer, int? width, bool colors = false) => writer.Write(Render(width, colors));

    /// <summary>Returns the table as text (each line ends with a line feed), fitted into <paramref name="width"/> columns when given, with its cells' colours when <paramref name="colors"/> is set.</summary>
    public string Render(int? width, bool colors = false)
    {
        var widths = new int[_headers.Length];
        Measure(_headers, widths);
        foreach (var row in _rows)
        {
            Measure(row, widths);
        }

        if (width is { } limit && TotalWidth(widths) > limit)
        {
            Fit(widths, LongestWords(), limit);
        }

        var text = new StringBuilder();
        AppendRule(text, widths, '┌', '┬', '┐');
        AppendRow(text, widths, _headers, null);
        AppendRule(text, widths, '├', '┼', '┤');
        for (var i = 0; i < _rows.Count; i++)
        {
            AppendRow(text, widths, _rows[i], colors ? _colours[i] : null);
        }

        AppendRule(text, widths, '└', '┴', '┘');
        return text.ToString();
    }

    /// <summary>
    /// Returns labelled fields, one per line (<c>Label  value</c>, labels padded to the longest), values wrapped at spaces
    /// to fit <paramref name="width"/> columns when given; empty values are left out. For the <c>info</c> commands.
    /// </summary>
    /// <remarks>
    /// An array, not a span: a collection expression given as a span becomes an inline array, whose helpers are compiled
    /// at run time even in a ReadyToRun build; so is LINQ over value tuples, hence the loops (issue 20).
    /// </remarks>
    public static string RenderFields((string Label, string? Value)[] fields, int? width)
    {
        var labelWidth = 0;
        foreach (var (label, value) in fields)
        {
            if (!string.IsNullOrEmpty(value))
            {
                labelWidth = Math.Max(labelWidth, DisplayWidth(Clean(label)));
            }
        }

        var valueWidth = width is { } limit ? Math.Max(MinimumColumnWidth * 4, limit - labelWidth - 2) : int.MaxValue;
        var text = new StringBuilder();
        foreach (var (rawLabel, rawValue) in fields)
        {
            if (string.IsNullOrEmpty(rawValue))
            {
                continue;
            }

            var label = Clean(rawLabel);
            var lines = Wrap(Clean(rawValue), valueWidth);
            for (var i = 0; i < lines.Count; i++)
            {
                Repeat(text.Append(i == 0 ? label : ""), ' ', labelWidth - (i == 0 ? DisplayWidth(label) : 0) + 2).Append(lines[i]).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Returns how many terminal columns <paramref name="text"/> takes: two for wide East Asian characters and emoji, none for combining marks.</summary>
    internal static int DisplayWidth(string text)
    {
        // Every ASCII character takes one column: most cells are ASCII, and a trace's outputs are long.
        if (Ascii.IsValid(text))
        {
            return text.Length;
        }

        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += DisplayWidth(rune);
        }

        return width;
    }

    private static int DisplayWidth(Rune rune)
    {
        var category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format)
        {
            return 0;
        }

        return rune.Value switch
        {
            >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0x303E or >= 0x3041 and <= 0x33FF or >= 0x3400 and <= 0x4DBF
                or >= 0x4E00 and <= 0x9FFF or >= 0xA000 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3 or >= 0xF900 and <= 0xFAFF
                or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6 or >= 0x1F300 and <= 0x1F64F
                or >= 0x1F900 and <= 0x1F9FF or >= 0x20000 and <= 0x3FFFD => 2,
            _ => 1,
        };
    }

    // Widens each column to the row's cell (its widest line).
    private static void Measure(string[] row, int[] widths)
    {
        for (var i = 0; i < row.Length; i++)
        {
            foreach (var line in row[i].Split('\n'))
            {
                widths[i] = Math.Max(widths[i], DisplayWidth(line));
            }
        }
    }

    // Each column's longest word, in its header and cells: only a table too wide for its width needs them.
    private int[] LongestWords()
    {
        var longest = new int[_headers.Length];
        MeasureWords(_headers, longest);
        foreach (var row in _rows)
        {
            MeasureWords(row, longest);
        }

        return longest;
    }

    private static void MeasureWords(string[] row, int[] longest)
    {
        for (var i = 0; i < row.Length; i++)
        {
            foreach (var line in row[i].Split('\n'))
            {
                foreach (var word in line.Split(' '))
                {
                    longest[i] = Math.Max(longest[i], DisplayWidth(word));
                }
            }
        }
    }

    // A table's width: each column's cells plus a space either side and a border, "│ a │ b │".
    private static int TotalWidth(int[] widths)
    {
        var total = (3 * widths.Length) + 1;
        foreach (var columnWidth in widths)
        {
            total += columnWidth;
        }

        return total;
    }

    // A line per cell line; tabs become a space so that widths stay what they were measured as.
    private static string Clean(string cell) => TerminalText.Inert(cell.Replace("\r\n", "\n", StringComparison.Ordinal)).Replace('\t', ' ');

    // Narrows the widest column a column at a time until the table fits: first never below a column's longest word, so
    // words stay whole while that is possible; then down to the minimum, cutting words.
    private static void Fit(int[] widths, int[] longestWords, int limit)
    {
        var total = TotalWidth(widths);
        foreach (var keepWords in (bool[])[true, false])
        {
            while (total > limit)
            {
                var widest = -1;
                for (var i = 0; i < widths.Length; i++)
                {
                    var floor = keepWords ? Math.Max(MinimumColumnWidth, longestWords[i]) : MinimumColumnWidth;
                    if (widths[i] > floor && (widest < 0 || widths[i] > widths[widest]))
                    {
                        widest = i;
                    }
                }

                if (widest < 0)
                {
                    break;
                }

                widths[widest]--;
                total--;
            }
        }
    }

    private static void AppendRule(StringBuilder text, int[] widths, char left, char middle, char right)
    {
        text.Append(left);
        for (var i = 0; i < widths.Length; i++)
        {
            Repeat(text, '─', widths[i] + 2).Append(i == widths.Length - 1 ? right : middle);
        }

        text.Append('\n');
    }

    private static void AppendRow(StringBuilder text, int[] widths, string[] cells, string?[]? colours)
    {
        var lines = new List<string>[cells.Length];
        var height = 1;
        for (var i = 0; i < cells.Length; i++)
        {
            lines[i] = Wrap(cells[i], widths[i]);
            height = Math.Max(height, lines[i].Count);
        }

        for (var line = 0; line < height; line++)
        {
            text.Append('│');
            for (var i = 0; i < cells.Length; i++)
            {
                var content = line < lines[i].Count ? lines[i][line] : "";
                var shown = colours?[i] is { } colour && content.Length > 0 ? Ansi.Paint(colour, content) : content;
                Repeat(text.Append(' ').Append(shown), ' ', widths[i] - DisplayWidth(content) + 1).Append('│');
            }

            text.Append('\n');
        }
    }

    // A loop, not StringBuilder.Append(char, count): that one's vectorised fill is compiled at run time even in a
    // ReadyToRun build, which costs more than the few characters of a table take.
    private static StringBuilder Repeat(StringBuilder text, char character, int count)
    {
        for (var i = 0; i < count; i++)
        {
            text.Append(character);
        }

        return text;
    }

    // The cell's lines, each at most `width` columns: broken at its own line ends, then at spaces, then inside words.
    private static List<string> Wrap(string cell, int width)
    {
        var lines = new List<string>();
        Span<char> runeText = stackalloc char[2];
        foreach (var paragraph in cell.Split('\n'))
        {
            // Most lines fit, and are kept whole without walking their words: a trace's outputs are long.
            if (DisplayWidth(paragraph) <= width)
            {
                lines.Add(paragraph);
                continue;
            }

            var line = new StringBuilder();
            var lineWidth = 0;
            foreach (var word in paragraph.Split(' '))
            {
                var wordWidth = DisplayWidth(word);
                if (lineWidth > 0 && lineWidth + 1 + wordWidth > width)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                    lineWidth = 0;
                }

                if (lineWidth > 0)
                {
                    line.Append(' ');
                    lineWidth++;
                }

                if (lineWidth + wordWidth <= width)
                {
                    line.Append(word);
                    lineWidth += wordWidth;
                    continue;
                }

                foreach (var rune in word.EnumerateRunes())
                {
                    var runeWidth = DisplayWidth(rune);
                    if (lineWidth + runeWidth > width && lineWidth > 0)
                    {
                        lines.Add(line.ToString());
                        line.Clear();
                        lineWidth = 0;
                    }

                    line.Append(runeText[..rune.EncodeToUtf16(runeText)]);
                    lineWidth += runeWidth;
                }
            }

            lines.Add(line.ToString());
        }

        return lines;
    }
}
