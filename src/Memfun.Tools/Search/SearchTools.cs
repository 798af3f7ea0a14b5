using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Memfun.Core.Errors;
using Memfun.Core.Files;
using Memfun.Tools.Files;

namespace Memfun.Tools.Search;

/// <summary>Text search with ripgrep and structural search with ast-grep, inside the project root.</summary>
/// <remarks>Results are capped at <see cref="ToolContext.MaxSearchResults"/>; the program is stopped once the cap is reached. Thread-safe.</remarks>
public sealed class SearchTools
{
    private const int MaxLineLength = 400;
    private readonly ToolContext _context;
    private readonly ProjectPaths _paths;

    /// <summary>Creates the tools.</summary>
    /// <param name="context">The tool context.</param>
    public SearchTools(ToolContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _paths = new ProjectPaths(context.ProjectRoot);
    }

    /// <summary>Searches file contents with ripgrep (respects .gitignore).</summary>
    /// <param name="pattern">A Rust regex (or a literal with <paramref name="fixedStrings"/>).</param>
    /// <param name="path">File or directory to search, relative to the root.</param>
    /// <param name="globs">Include globs (<c>*.cs</c>) or, prefixed with <c>!</c>, exclude globs.</param>
    /// <param name="context">Lines of context around each match.</param>
    /// <param name="ignoreCase">Match case-insensitively.</param>
    /// <param name="fixedStrings">Treat the pattern as a literal string.</param>
    /// <param name="maxResults">Most matches to return (capped by the configuration).</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <returns><c>path:line:text</c> for matches, <c>path-line-text</c> for context lines, and a summary line.</returns>
    [Description("Search file contents with ripgrep (regex, respects .gitignore). Returns path:line:text lines.")]
    public async Task<string> GrepAsync(
        [Description("Regular expression (Rust syntax), or a literal with fixedStrings.")] string pattern,
        [Description("File or directory to search, relative to the project root.")] string path = ".",
        [Description("Globs to include (e.g. *.cs) or exclude (e.g. !**/bin/**).")] string[]? globs = null,
        [Description("Lines of context before and after each match.")] int context = 0,
        [Description("Case-insensitive matching.")] bool ignoreCase = false,
        [Description("Treat the pattern as a literal string, not a regex.")] bool fixedStrings = false,
        [Description("Most matches to return.")] int? maxResults = null,
        CancellationToken cancellationToken = default)
    {
        var result = await SearchAsync(pattern, path, globs, context, ignoreCase, fixedStrings, maxResults, cancellationToken).ConfigureAwait(false);
        return result.Format();
    }

    /// <summary>Runs ripgrep and returns the parsed matches.</summary>
    /// <inheritdoc cref="GrepAsync" path="/param"/>
    /// <returns>The matches, context lines and whether the cap was reached.</returns>
    public async Task<GrepResult> SearchAsync(
        string pattern,
        string path = ".",
        IReadOnlyList<string>? globs = null,
        int context = 0,
        bool ignoreCase = false,
        bool fixedStrings = false,
        int? maxResults = null,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            throw ToolErrors.BadArgument("pattern must not be empty.");
        }

        if (context is < 0 or > 50)
        {
            throw ToolErrors.BadArgument("context must be between 0 and 50 lines.");
        }

        var target = _paths.Relative(_paths.Resolve(path));
        var cap = Math.Clamp(maxResults ?? _context.MaxSearchResults, 1, _context.MaxSearchResults);
        List<string> arguments = ["--json", "--no-config", "--max-columns", "2000"];
        if (context > 0)
        {
            arguments.AddRange(["--context", context.ToString(CultureInfo.InvariantCulture)]);
        }

        if (ignoreCase)
        {
            arguments.Add("--ignore-case");
        }

        if (fixedStrings)
        {
            arguments.Add("--fixed-strings");
        }

        foreach (var glob in globs ?? [])
        {
            arguments.AddRange(["--glob", glob]);
        }

        arguments.AddRange(["--regexp", pattern, "--", target]);
        var process = new ProcessLines("rg", arguments, _paths.Root, _context.ProcessTimeout);
        var lines = new List<GrepLine>();
        var matches = 0;
        var truncated = false;
        await foreach (var json in process.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (ParseRipgrepLine(json) is not { } line)
            {
                continue;
            }

            if (line.IsMatch && matches == cap)
            {
                truncated = true;
                break;
            }

            matches += line.IsMatch ? 1 : 0;
            lines.Add(line);
        }

        if (process.NotInstalled)
        {
            throw ToolErrors.MissingProgram("rg", "apt-get install ripgrep (or see https://github.com/BurntSushi/ripgrep)");
        }

        if (process.TimedOut)
        {
            throw new ToolException(MemfunErrorCodes.ToolFailure, $"The search took longer than {_context.ProcessTimeout.TotalSeconds:0} s; narrow the path or globs.");
        }

        if (!truncated && process.ExitCode is >= 2)
        {
            throw ToolErrors.BadArgument($"ripgrep refused the search: {FirstLines(process.Stderr)}");
        }

        // Context lines after the last kept match belong to matches that were cut off.
        return new GrepResult(lines, matches, truncated);
    }

    /// <summary>Structural search with ast-grep: finds code matching an AST pattern such as <c>console.log($A)</c>.</summary>
    /// <param name="pattern">The ast-grep pattern.</param>
    /// <param name="language">The language of the pattern (<c>csharp</c>, <c>python</c>, <c>typescript</c>...).</param>
    /// <param name="path">File or directory to search.</param>
    /// <param name="maxResults">Most matches to return.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <returns><c>path:line: matched code</c> per match and a summary line.</returns>
    [Description("Structural code search with ast-grep: match code by AST pattern with $VAR metavariables (e.g. 'console.log($A)').")]
    public async Task<string> AstGrepAsync(
        [Description("ast-grep pattern, e.g. 'if ($A) { return $B; }'.")] string pattern,
        [Description("Language of the pattern: csharp, python, typescript, javascript, go, rust, java...")] string? language = null,
        [Description("File or directory to search, relative to the project root.")] string path = ".",
        [Description("Most matches to return.")] int? maxResults = null,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            throw ToolErrors.BadArgument("pattern must not be empty.");
        }

        var target = _paths.Relative(_paths.Resolve(path));
        var cap = Math.Clamp(maxResults ?? _context.MaxSearchResults, 1, _context.MaxSearchResults);
        // No project configuration: ast-grep reads sgconfig.yml from the project and its parents, where a repository
        // could remap languages and, before ast-grep 0.50, register native parsers, which it then loads.
        List<string> arguments = ["run", "--config", "/dev/null", "--pattern", pattern, "--json=stream"];
        if (!string.IsNullOrWhiteSpace(language))
        {
            arguments.AddRange(["--lang", language]);
        }

        arguments.AddRange(["--", target]);
        var process = new ProcessLines("ast-grep", arguments, _paths.Root, _context.ProcessTimeout);
        var output = new StringBuilder();
        var matches = 0;
        var truncated = false;
        await foreach (var json in process.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (matches == cap)
            {
                truncated = true;
                break;
            }

            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var file = root.GetProperty("file").GetString();
            var line = root.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32() + 1;
            var text = root.TryGetProperty("lines", out var l) ? l.GetString() : root.GetProperty("text").GetString();
            output.Append(CultureInfo.InvariantCulture, $"{file}:{line}: {Clip(text?.TrimEnd() ?? string.Empty)}\n");
            matches++;
        }

        if (process.NotInstalled)
        {
            throw ToolErrors.MissingProgram("ast-grep", "npm i -g @ast-grep/cli");
        }

        var failed = process.ExitCode is not (null or 0 or 1) || (process.ExitCode == 1 && matches == 0 && process.Stderr.Contains("rror", StringComparison.Ordinal));
        if (!truncated && failed)
        {
            throw ToolErrors.BadArgument($"ast-grep refused the search: {FirstLines(process.Stderr)}");
        }

        output.Append(matches == 0 ? "[no matches]\n" : string.Create(CultureInfo.InvariantCulture, $"[{matches} match{(matches == 1 ? string.Empty : "es")}{(truncated ? "; more were cut off, narrow the search" : string.Empty)}]\n"));
        return output.ToString();
    }

    private static GrepLine? ParseRipgrepLine(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var type = root.GetProperty("type").GetString();
        if (type is not ("match" or "context"))
        {
            return null;
        }

        var data = root.GetProperty("data");
        var path = Text(data.GetProperty("path"));
        path = path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;
        var text = Text(data.GetProperty("lines")).TrimEnd('\n', '\r');
        var number = data.GetProperty("line_number").GetInt32();
        return new GrepLine(path, number, Clip(text), type == "match");
    }

    private static string Text(JsonElement element) =>
        element.TryGetProperty("text", out var text) ? text.GetString() ?? string.Empty : "[not UTF-8]";

    private static string Clip(string text) => text.Length <= MaxLineLength ? text : text[..MaxLineLength] + " [...]";

    private static string FirstLines(string text) => string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(6));
}
