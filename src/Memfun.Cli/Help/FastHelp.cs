using System.Runtime.CompilerServices;
using System.Text;
using Memfun.Cli.Infrastructure;
using Memfun.Cli.Rendering;

namespace Memfun.Cli.Help;

/// <summary>
/// Answers <c>memfun --help</c>, <c>memfun &lt;command&gt; --help</c> (or <c>-h</c>) and a branch named alone
/// (<c>memfun config</c>) from <see cref="CommandCatalog"/> with plain writes, in the layout Spectre.Console.Cli's help
/// uses, so the commonest first command starts as fast as a bare program (issue 20).
/// </summary>
/// <remarks>Anything else, including help asked for with other options, goes to the full command tree.</remarks>
internal static class FastHelp
{
    private const string Indent = "    ";
    private const string Gap = "    ";
    private const string Spaces = "                                        ";
    private static readonly HelpOption HelpOption = new('h', "help", null, null, "Prints help information");

    /// <summary>Writes the help <paramref name="args"/> ask for on standard output and returns the exit code; null when they ask for something else.</summary>
    /// <remarks>Like Spectre.Console: ANSI only on a terminal (and not <c>TERM=dumb</c>), colours unless <c>NO_COLOR</c> is set, 80 columns when redirected.</remarks>
    public static int? TryAnswer(string[] args) =>
        args is [.., "--help" or "-h"] || args.Length == 1 ? Answer(args) : null;

    // Its own method, not inlined: the help types are loaded only for a command line that may ask for help, not at the
    // start of every command (issue 20).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int? Answer(string[] args)
    {
        if (Match(args) is not { } help)
        {
            return null;
        }

        var ansi = Ansi.Supported(StandardStreams.IsOutputRedirected);
        var colors = Ansi.Colors(StandardStreams.IsOutputRedirected);
        StandardStreams.Output.Write(Render(help.Path, ansi ? Console.WindowWidth : 80, ansi, colors));
        return help.ExitCode;
    }

    /// <summary>
    /// Returns the commands named by <paramref name="args"/> (the root first) and the exit code when the arguments ask
    /// only for help: a known command path followed by <c>--help</c> or <c>-h</c> (exit code 0), or a branch alone
    /// (exit code 1, as the full command tree does). Returns null for every other command line.
    /// </summary>
    public static (IReadOnlyList<HelpCommand> Path, int ExitCode)? Match(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var asksHelp = args.Count > 0 && args[^1] is "--help" or "-h";
        if (!asksHelp && args.Count != 1)
        {
            // Not help: leave the catalog unbuilt, every other command starts through here.
            return null;
        }

        var path = new List<HelpCommand> { CommandCatalog.Root };
        for (var i = 0; i < (asksHelp ? args.Count - 1 : args.Count); i++)
        {
            if (Child(path[^1], args[i]) is not { } next)
            {
                return null;
            }

            path.Add(next);
        }

        if (asksHelp)
        {
            return (path, 0);
        }

        return path.Count > 1 && path[^1].Commands.Count > 0 ? (path, 1) : null;
    }

    /// <summary>Writes the help of the last command of <paramref name="path"/>.</summary>
    /// <param name="path">The commands from the root to the one whose help to write.</param>
    /// <param name="width">The width to wrap descriptions at.</param>
    /// <param name="ansi">Whether to underline and embolden (a terminal).</param>
    /// <param name="colors">Whether to colour as well (a terminal, and <c>NO_COLOR</c> unset).</param>
    /// <remarks>
    /// Plain loops, reference types and no LINQ on purpose: this runs once per process, so every generic instantiation
    /// and lambda it used would be compiled just for it, and that compiling is most of what help costs.
    /// </remarks>
    public static string Render(IReadOnlyList<HelpCommand> path, int width, bool ansi, bool colors)
    {
        ArgumentNullException.ThrowIfNull(path);
        var style = new Style(ansi, colors);
        var command = path[^1];
        var text = new StringBuilder(4096);
        if (command.Description is not null)
        {
            text.Append(style.Header("DESCRIPTION")).Append('\n');
            AppendParagraph(text, width, "", command.Description, style, color: null);
            text.Append('\n');
        }

        text.Append(style.Header("USAGE")).Append('\n').Append(Indent).Append("memfun");
        for (var i = 1; i < path.Count; i++)
        {
            text.Append(' ').Append(i == path.Count - 1 ? style.Underline(path[i].Name) : path[i].Name);
        }

        foreach (var argument in command.Arguments)
        {
            text.Append(' ').Append(style.Color(argument.Required ? "14" : "7", argument.Display));
        }

        text.Append(' ').Append(style.Color("8", "[OPTIONS]"));
        if (command.Commands.Count > 0)
        {
            text.Append(' ').Append(style.Color("14", "<COMMAND>"));
        }

        text.Append('\n');
        var examples = new List<string>();
        AddExamples(command, examples);
        if (examples.Count > 0)
        {
            text.Append('\n').Append(style.Header("EXAMPLES")).Append('\n');
            for (var i = 0; i < examples.Count && i < 5; i++)
            {
                AppendParagraph(text, width, Indent + "memfun ", examples[i], style, color: "8");
            }
        }

        var rows = new List<Row>();
        if (command.Arguments.Count > 0)
        {
            text.Append('\n').Append(style.Header("ARGUMENTS")).Append('\n');
            foreach (var argument in command.Arguments)
            {
                rows.Add(new Row(argument.Description, new Cell(argument.Display.Length, style.Color("7", argument.Display))));
            }

            WriteGrid(text, width, rows);
        }

        text.Append('\n').Append(style.Header("OPTIONS")).Append('\n');
        var withDefaults = false;
        foreach (var option in command.Options)
        {
            withDefaults |= option.Default is not null;
        }

        rows.Clear();
        if (withDefaults)
        {
            rows.Add(new Row("", new Cell(0, ""), new Cell("DEFAULT".Length, style.Color("10", "DEFAULT"))));
        }

        rows.Add(OptionRow(HelpOption, withDefaults, style));
        foreach (var option in command.Options)
        {
            rows.Add(OptionRow(option, withDefaults, style));
        }

        WriteGrid(text, width, rows);
        if (command.Commands.Count > 0)
        {
            text.Append('\n').Append(style.Header("COMMANDS")).Append('\n');
            rows.Clear();
            foreach (var child in command.Commands)
            {
                var plain = new StringBuilder(child.Name);
                var colored = new StringBuilder(style.Color("7", child.Name));
                foreach (var argument in child.Arguments)
                {
                    if (argument.Required)
                    {
                        plain.Append(' ').Append(argument.Display);
                        colored.Append(' ').Append(style.Color("7", argument.Display));
                    }
                }

                rows.Add(new Row(child.Description ?? "", new Cell(plain.Length, colored.ToString())));
            }

            WriteGrid(text, width, rows);
        }

        return text.ToString();
    }

    private static HelpCommand? Child(HelpCommand command, string name)
    {
        foreach (var child in command.Commands)
        {
            if (child.Name == name)
            {
                return child;
            }
        }

        return null;
    }

    // A command's examples, or a branch's gathered from its subcommands in order.
    private static void AddExamples(HelpCommand command, List<string> examples)
    {
        if (command.Commands.Count == 0)
        {
            examples.AddRange(command.Examples);
        }

        foreach (var child in command.Commands)
        {
            AddExamples(child, examples);
        }
    }

    private static Row OptionRow(HelpOption option, bool withDefaults, Style style)
    {
        var names = (option.Short is { } s ? "-" + s + ", --" : "    --") + option.Long;
        var name = option.Value is null
            ? new Cell(names.Length, names)
            : new Cell(names.Length + option.Value.Length + 3, names + " " + style.Color("7", "<" + option.Value + ">"));
        if (!withDefaults)
        {
            return new Row(option.Description, name);
        }

        return new Row(option.Description, name, option.Default is { } value ? new Cell(value.Length, style.Bold(value)) : new Cell(0, ""));
    }

    // Columns as wide as their widest cell and four spaces apart; the description, last, wraps at the width.
    private static void WriteGrid(StringBuilder text, int width, List<Row> rows)
    {
        var widths = new int[2];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Cells.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row.Cells[i].Width);
            }
        }

        var columns = widths[1] > 0 ? 2 : 1;
        var start = Indent.Length + widths[0] + widths[1] + (Gap.Length * columns);
        foreach (var row in rows)
        {
            var lineStart = text.Length;
            text.Append(Indent);
            for (var i = 0; i < columns; i++)
            {
                var cell = i < row.Cells.Length ? row.Cells[i] : new Cell(0, "");
                text.Append(cell.Text);
                Pad(text, widths[i] - cell.Width + Gap.Length);
            }

            var description = row.Description;
            var lineWidth = Math.Max(20, width - start);
            while (true)
            {
                var cut = description.Length <= lineWidth ? description.Length : description.LastIndexOf(' ', lineWidth);
                if (cut <= 0)
                {
                    // A word longer than the column: it gets a line of its own.
                    cut = description.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? space : description.Length;
                }

                text.Append(description, 0, cut);
                while (text.Length > lineStart && text[^1] == ' ')
                {
                    text.Length--;
                }

                text.Append('\n');
                description = description[cut..].TrimStart(' ');
                if (description.Length == 0)
                {
                    break;
                }

                lineStart = text.Length;
                Pad(text, start);
            }
        }
    }

    // A paragraph (a description, an example) wraps at the width and goes on at the start of the next line, as in Spectre.
    private static void AppendParagraph(StringBuilder text, int width, string lead, string body, Style style, string? color)
    {
        text.Append(lead);
        var column = lead.Length;
        var line = new StringBuilder();
        foreach (var word in body.Split(' '))
        {
            if (line.Length > 0 && column + 1 + word.Length > width)
            {
                text.Append(color is null ? line.ToString() : style.Color(color, line.ToString())).Append('\n');
                line.Clear();
                column = 0;
            }
            else if (line.Length > 0)
            {
                line.Append(' ');
                column++;
            }

            line.Append(word);
            column += word.Length;
        }

        text.Append(color is null ? line.ToString() : style.Color(color, line.ToString())).Append('\n');
    }

    // Appends spaces without StringBuilder.Append(char, int), whose vectorized fill is compiled at start-up.
    private static void Pad(StringBuilder text, int count)
    {
        for (; count > 0; count -= Spaces.Length)
        {
            text.Append(Spaces, 0, Math.Min(count, Spaces.Length));
        }
    }

    private sealed class Cell(int width, string text)
    {
        public int Width => width;

        public string Text => text;
    }

    private sealed class Row(string description, params Cell[] cells)
    {
        public string Description => description;

        public Cell[] Cells => cells;
    }

    // Spectre.Console's help colours: yellow headings, grey placeholders, aqua required values, silver names.
    private sealed class Style(bool ansi, bool colors)
    {
        public string Header(string title) => Color("11", title + ":");

        public string Color(string code, string text) => colors ? Ansi.Paint(code, text) : text;

        public string Underline(string text) => ansi ? "\u001b[4m" + text + "\u001b[0m" : text;

        public string Bold(string text) => ansi ? "\u001b[1m" + text + "\u001b[0m" : text;
    }
}
