using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Spectre.Console;
using Spectre.Console.Rendering;
using MarkdownTable = Markdig.Extensions.Tables.Table;
using MarkdownTableCell = Markdig.Extensions.Tables.TableCell;
using MarkdownTableRow = Markdig.Extensions.Tables.TableRow;
using SpectreTable = Spectre.Console.Table;

namespace Memfun.Cli.Rendering;

/// <summary>Renders an answer's Markdown for a terminal: headings, emphasis, inline code, lists, quotes, code blocks and tables.</summary>
/// <remarks>Used only when the output is a terminal; redirected output gets the Markdown text unchanged.</remarks>
public static class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    /// <summary>Writes <paramref name="markdown"/> to <paramref name="console"/>.</summary>
    public static void Write(IAnsiConsole console, string markdown)
    {
        ArgumentNullException.ThrowIfNull(console);
        foreach (var block in Markdown.Parse(markdown ?? "", Pipeline))
        {
            console.Write(Render(block, 0));
        }
    }

    private static IRenderable Render(Block block, int indent) => block switch
    {
        HeadingBlock heading => new Markup($"\n{(heading.Level == 1 ? "[bold underline]" : "[bold]")}{Inlines(heading.Inline)}[/]\n"),
        ParagraphBlock paragraph => new Markup(Indent(indent) + Inlines(paragraph.Inline) + "\n"),
        FencedCodeBlock fenced => CodePanel(fenced, fenced.Info),
        CodeBlock code => CodePanel(code, null),
        ListBlock list => new Rows(list.OfType<ListItemBlock>().Select((item, i) => ListItem(item, list.IsOrdered ? $"{i + 1}." : "•", indent))),
        QuoteBlock quote => new Padder(new Rows(quote.Select(b => Render(b, 0))), new Padding(2, 0, 0, 0)),
        ThematicBreakBlock => new Rule(),
        MarkdownTable table => Table(table),
        _ => new Text(""),
    };

    private static IRenderable ListItem(ListItemBlock item, string bullet, int indent)
    {
        var rows = new List<IRenderable>();
        var first = true;
        foreach (var child in item)
        {
            if (first && child is ParagraphBlock paragraph)
            {
                rows.Add(new Markup($"{Indent(indent)}{bullet} {Inlines(paragraph.Inline)}"));
            }
            else
            {
                rows.Add(Render(child, indent + 2));
            }

            first = false;
        }

        return new Rows(rows);
    }

    private static Panel CodePanel(LeafBlock code, string? language)
    {
        var text = string.Join('\n', code.Lines.Lines.Take(code.Lines.Count).Select(l => l.ToString()));
        return new Panel(new Text(text)) { Header = string.IsNullOrWhiteSpace(language) ? null : new PanelHeader(Markup.Escape(language)), Border = BoxBorder.Rounded };
    }

    private static SpectreTable Table(MarkdownTable table)
    {
        var result = new SpectreTable();
        var rows = table.OfType<MarkdownTableRow>().ToList();
        if (rows.Count == 0)
        {
            return result;
        }

        foreach (var cell in rows[0].OfType<MarkdownTableCell>())
        {
            result.AddColumn(new TableColumn(new Markup($"[bold]{CellText(cell)}[/]")));
        }

        foreach (var row in rows.Skip(1))
        {
            var cells = row.OfType<MarkdownTableCell>().Select(c => (IRenderable)new Markup(CellText(c))).ToList();
            while (cells.Count < result.Columns.Count)
            {
                cells.Add(new Text(""));
            }

            result.AddRow(cells.Take(result.Columns.Count));
        }

        return result;
    }

    private static string CellText(MarkdownTableCell cell) =>
        string.Concat(cell.OfType<ParagraphBlock>().Select(p => Inlines(p.Inline)));

    private static string Inlines(ContainerInline? inlines)
    {
        var text = new StringBuilder();
        for (var inline = inlines?.FirstChild; inline is not null; inline = inline.NextSibling)
        {
            text.Append(inline switch
            {
                LiteralInline literal => Markup.Escape(literal.Content.ToString()),
                CodeInline code => $"[cyan]{Markup.Escape(code.Content)}[/]",
                EmphasisInline { DelimiterCount: >= 2 } strong => $"[bold]{Inlines(strong)}[/]",
                EmphasisInline emphasis => $"[italic]{Inlines(emphasis)}[/]",
                LinkInline link => $"{Inlines(link)} [grey]({Markup.Escape(link.Url ?? "")})[/]",
                LineBreakInline => "\n",
                ContainerInline container => Inlines(container),
                _ => Markup.Escape(inline.ToString() ?? ""),
            });
        }

        return text.ToString();
    }

    private static string Indent(int width) => new(' ', width);
}
