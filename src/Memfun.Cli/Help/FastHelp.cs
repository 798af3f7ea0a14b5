using System.Text;

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

    /// <summary>Writes the help <paramref name="args"/> ask for on standard output and returns the exit code; null when they ask for something else.</summary>
    /// <remarks>Like Spectre.Console: ANSI only on a terminal (and not <c>TERM=dumb</c>), colours unless <c>NO_COLOR</c> is set, 80 columns when redirected.</remarks>
    public static int? TryAnswer(string[] args)
    {
        if (Match(args) is not { } help)
        {
            return null;
        }

        var ansi = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") is { Length: > 0 } term && term != "dumb";
        var colors = ansi && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        Console.Out.Write(Render(help.Path, ansi ? Console.WindowWidth : 80, ansi, colors));
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
        var names = asksHelp ? args.Count - 1 : args.Count;
        List<HelpCommand> path = [CommandCatalog.Root];
        for (var i = 0; i < names; i++)
        {
            var next = path[^1].Commands.FirstOrDefault(c => c.Name == args[i]);
            if (next is null)
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
    public static string Render(IReadOnlyList<HelpCommand> path, int width, bool ansi, bool colors)
    {
        ArgumentNullException.ThrowIfNull(path);
        var style = new Style(ansi, colors);
        var command = path[^1];
        var text = new StringBuilder();
        if (command.Description is not null)
        {
            text.Append(style.Header("DESCRIPTION")).Append('\n').Append(command.Description).Append("\n\n");
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
        text.Append(command.Commands.Count > 0 ? " " + style.Color("14", "<COMMAND>") : "").Append('\n');

        var examples = Examples(command).Take(5).ToList();
        if (examples.Count > 0)
        {
            text.Append('\n').Append(style.Header("EXAMPLES")).Append('\n');
            foreach (var example in examples)
            {
                text.Append(Indent).Append("memfun ").Append(style.Color("8", example)).Append('\n');
            }
        }

        if (command.Arguments.Count > 0)
        {
            text.Append('\n').Append(style.Header("ARGUMENTS")).Append('\n');
            WriteGrid(text, width, [.. command.Arguments.Select(a => new Row([new Cell(a.Display.Length, style.Color("7", a.Display))], a.Description))]);
        }

        text.Append('\n').Append(style.Header("OPTIONS")).Append('\n');
        var withDefaults = command.Options.Any(o => o.Default is not null);
        List<Row> options = [];
        if (withDefaults)
        {
            options.Add(new Row([new Cell(0, ""), new Cell("DEFAULT".Length, style.Color("10", "DEFAULT"))], ""));
        }

        options.Add(OptionRow(new HelpOption('h', "help", null, null, "Prints help information"), withDefaults, style));
        options.AddRange(command.Options.Select(o => OptionRow(o, withDefaults, style)));
        WriteGrid(text, width, options);

        if (command.Commands.Count > 0)
        {
            text.Append('\n').Append(style.Header("COMMANDS")).Append('\n');
            WriteGrid(text, width, [.. command.Commands.Select(c =>
            {
                var required = c.Arguments.Where(a => a.Required).Select(a => a.Display).ToList();
                var plain = string.Join(' ', [c.Name, .. required]);
                var colored = string.Join(' ', [style.Color("7", c.Name), .. required.Select(r => style.Color("7", r))]);
                return new Row([new Cell(plain.Length, colored)], c.Description ?? "");
            })]);
        }

        return text.ToString();
    }

    // A command's examples, or a branch's gathered from its subcommands in order.
    private static IEnumerable<string> Examples(HelpCommand command) =>
        command.Commands.Count == 0 ? command.Examples : command.Commands.SelectMany(Examples);

    private static Row OptionRow(HelpOption option, bool withDefaults, Style style)
    {
        var names = (option.Short is { } s ? $"-{s}, " : "    ") + "--" + option.Long;
        var name = option.Value is null
            ? new Cell(names.Length, names)
            : new Cell(names.Length + option.Value.Length + 3, names + " " + style.Color("7", $"<{option.Value}>"));
        return withDefaults
            ? new Row([name, option.Default is { } d ? new Cell(d.Length, style.Bold(d)) : new Cell(0, "")], option.Description)
            : new Row([name], option.Description);
    }

    // Columns as wide as their widest cell and four spaces apart; the description, last, wraps at the width.
    private static void WriteGrid(StringBuilder text, int width, IReadOnlyList<Row> rows)
    {
        var columns = rows.Max(r => r.Cells.Count);
        var widths = Enumerable.Range(0, columns).Select(i => rows.Max(r => i < r.Cells.Count ? r.Cells[i].Width : 0)).ToList();
        var start = Indent.Length + widths.Sum() + (Gap.Length * columns);
        var lines = new List<string>();
        foreach (var row in rows)
        {
            var line = new StringBuilder(Indent);
            for (var i = 0; i < columns; i++)
            {
                var cell = i < row.Cells.Count ? row.Cells[i] : new Cell(0, "");
                line.Append(cell.Text).Append(' ', widths[i] - cell.Width).Append(Gap);
            }

            var wrapped = Wrap(row.Description, Math.Max(20, width - start));
            for (var i = 0; i < wrapped.Count; i++)
            {
                text.Append(i == 0 ? line.ToString() : new string(' ', start)).Append(wrapped[i]);
                TrimEnd(text);
                text.Append('\n');
            }
        }
    }

    private static List<string> Wrap(string description, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in description.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word);
        }

        lines.Add(line.ToString());
        return lines;
    }

    private static void TrimEnd(StringBuilder text)
    {
        while (text.Length > 0 && text[^1] == ' ')
        {
            text.Length--;
        }
    }

    private readonly record struct Cell(int Width, string Text);

    private sealed record Row(IReadOnlyList<Cell> Cells, string Description);

    // Spectre.Console's help colours: yellow headings, grey placeholders, aqua required values, silver names.
    private readonly record struct Style(bool Ansi, bool Colors)
    {
        public string Header(string title) => Color("11", title + ":");

        public string Color(string code, string text) => Colors ? $"\u001b[38;5;{code}m{text}\u001b[0m" : text;

        public string Underline(string text) => Ansi ? $"\u001b[4m{text}\u001b[0m" : text;

        public string Bold(string text) => Ansi ? $"\u001b[1m{text}\u001b[0m" : text;
    }
}
