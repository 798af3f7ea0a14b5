using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Memfun.Tools.Web;

/// <summary>Converts HTML to Markdown: headings, paragraphs, links, lists, code, tables, quotes and images.</summary>
/// <remarks>
/// Scripts, styles, navigation, headers, footers, asides, forms and hidden elements are dropped. When the page
/// has a <c>main</c> or <c>article</c> element only that is converted. Links and images are made absolute
/// against the page URL. Thread-safe (no shared state).
/// </remarks>
public static partial class HtmlToMarkdown
{
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button", "template", "select", "input", "canvas", "object", "embed",
    };

    /// <summary>Converts <paramref name="html"/> to Markdown.</summary>
    /// <param name="html">The HTML document or fragment.</param>
    /// <param name="baseUrl">The page URL, for making links absolute.</param>
    /// <returns>The Markdown, starting with the page title as a heading when there is one.</returns>
    public static string Convert(string html, Uri? baseUrl = null)
    {
        ArgumentNullException.ThrowIfNull(html);
        var document = new HtmlParser().ParseDocument(html);
        var root = (IElement?)document.QuerySelector("main") ?? document.QuerySelector("article") ?? document.Body ?? document.DocumentElement;
        var writer = new Writer(baseUrl);
        var title = document.Title?.Trim();
        if (!string.IsNullOrEmpty(title) && root.QuerySelector("h1") is null)
        {
            writer.Block("# " + title);
        }

        writer.Children(root);
        return BlankLines().Replace(writer.ToString().Trim(), "\n\n") + "\n";
    }

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private sealed class Writer(Uri? baseUrl)
    {
        private readonly StringBuilder _output = new();
        private int _listDepth;

        public override string ToString() => _output.ToString();

        public void Block(string text)
        {
            if (text.Length == 0)
            {
                return;
            }

            _output.Append("\n\n").Append(text).Append("\n\n");
        }

        public void Children(INode node)
        {
            foreach (var child in node.ChildNodes)
            {
                Node(child);
            }
        }

        private void Node(INode node)
        {
            switch (node)
            {
                case IText text:
                    _output.Append(Whitespace().Replace(text.Data, " "));
                    break;
                case IElement element when !Dropped.Contains(element.LocalName) && !IsHidden(element):
                    Element(element);
                    break;
                default:
                    break;
            }
        }

        private void Element(IElement element)
        {
            switch (element.LocalName)
            {
                case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                    Block(new string('#', element.LocalName[1] - '0') + " " + Inline(element));
                    break;
                case "p" or "div" or "section" or "figure" or "figcaption" or "dl" or "dd" or "dt" or "details" or "summary":
                    _output.Append("\n\n");
                    Children(element);
                    _output.Append("\n\n");
                    break;
                case "br":
                    _output.Append("  \n");
                    break;
                case "hr":
                    Block("---");
                    break;
                case "pre":
                    Pre(element);
                    break;
                case "code":
                    _output.Append('`').Append(element.TextContent.Replace('`', '\'')).Append('`');
                    break;
                case "strong" or "b":
                    Wrap(element, "**");
                    break;
                case "em" or "i":
                    Wrap(element, "*");
                    break;
                case "a":
                    Link(element);
                    break;
                case "img":
                    var src = Absolute(element.GetAttribute("src"));
                    if (src is not null)
                    {
                        _output.Append("![").Append(element.GetAttribute("alt") ?? string.Empty).Append("](").Append(src).Append(')');
                    }

                    break;
                case "ul" or "ol":
                    List(element, ordered: element.LocalName == "ol");
                    break;
                case "blockquote":
                    var quote = new Writer(baseUrl);
                    quote.Children(element);
                    Block(string.Join('\n', quote.ToString().Trim().Split('\n').Select(l => "> " + l.TrimEnd())));
                    break;
                case "table":
                    Table(element);
                    break;
                default:
                    Children(element);
                    break;
            }
        }

        private void Wrap(IElement element, string marker)
        {
            var text = Inline(element);
            if (text.Length > 0)
            {
                _output.Append(marker).Append(text).Append(marker);
            }
        }

        private void Link(IElement element)
        {
            var text = Inline(element);
            var href = element.GetAttribute("href");
            if (href is null || href.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) || href.StartsWith('#'))
            {
                _output.Append(text);
                return;
            }

            _output.Append('[').Append(text.Length > 0 ? text : href).Append("](").Append(Absolute(href) ?? href).Append(')');
        }

        private void Pre(IElement element)
        {
            var code = element.QuerySelector("code");
            var language = (code ?? element).ClassList.Select(c => c.StartsWith("language-", StringComparison.Ordinal) ? c[9..] : c.StartsWith("lang-", StringComparison.Ordinal) ? c[5..] : null)
                .FirstOrDefault(c => c is not null) ?? string.Empty;
            var text = element.TextContent.Trim('\n');
            var fence = text.Contains("```", StringComparison.Ordinal) ? "~~~~" : "```";
            Block(fence + language + "\n" + text + "\n" + fence);
        }

        private void List(IElement list, bool ordered)
        {
            _output.Append(_listDepth == 0 ? "\n\n" : "\n");
            _listDepth++;
            var number = 1;
            foreach (var item in list.Children.Where(c => c.LocalName == "li"))
            {
                var indent = new string(' ', 2 * (_listDepth - 1));
                _output.Append(indent).Append(ordered ? $"{number++}. " : "- ");
                foreach (var child in item.ChildNodes)
                {
                    if (child is IElement { LocalName: "ul" or "ol" } nested)
                    {
                        List(nested, nested.LocalName == "ol");
                    }
                    else if (child is IElement { LocalName: "p" } paragraph)
                    {
                        _output.Append(Inline(paragraph)).Append(' ');
                    }
                    else
                    {
                        Node(child);
                    }
                }

                TrimTrailingSpaces();
                _output.Append('\n');
            }

            _listDepth--;
            if (_listDepth == 0)
            {
                _output.Append('\n');
            }
        }

        private void Table(IElement table)
        {
            var rows = table.QuerySelectorAll("tr")
                .Select(r => r.Children.Where(c => c.LocalName is "td" or "th").Select(c => Inline(c).Replace("|", "\\|", StringComparison.Ordinal)).ToList())
                .Where(r => r.Count > 0)
                .ToList();
            if (rows.Count == 0)
            {
                return;
            }

            var width = rows.Max(r => r.Count);
            var text = new StringBuilder();
            for (var i = 0; i < rows.Count; i++)
            {
                var cells = rows[i].Concat(Enumerable.Repeat(string.Empty, width - rows[i].Count));
                text.Append("| ").AppendJoin(" | ", cells).Append(" |\n");
                if (i == 0)
                {
                    text.Append('|').AppendJoin('|', Enumerable.Repeat(" --- ", width)).Append("|\n");
                }
            }

            Block(text.ToString().TrimEnd());
        }

        private string Inline(IElement element)
        {
            var inner = new Writer(baseUrl);
            inner.Children(element);
            return Whitespace().Replace(inner.ToString(), " ").Trim();
        }

        private void TrimTrailingSpaces()
        {
            while (_output.Length > 0 && _output[^1] == ' ')
            {
                _output.Length--;
            }
        }

        private string? Absolute(string? href)
        {
            if (string.IsNullOrWhiteSpace(href))
            {
                return null;
            }

            return baseUrl is not null && Uri.TryCreate(baseUrl, href, out var absolute) ? absolute.ToString() : href;
        }

        private static bool IsHidden(IElement element) =>
            element.HasAttribute("hidden") || element.GetAttribute("aria-hidden") == "true" ||
            (element.GetAttribute("style")?.Replace(" ", string.Empty, StringComparison.Ordinal).Contains("display:none", StringComparison.OrdinalIgnoreCase) ?? false);
    }
}
