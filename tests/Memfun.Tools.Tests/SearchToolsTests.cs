using Memfun.Core.Errors;
using Memfun.Tools.Search;

namespace Memfun.Tools.Tests;

public sealed class SearchToolsTests : IDisposable
{
    private readonly SampleProject _project = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task Grep_FindsRegexMatches_WithPathsAndLineNumbers()
    {
        var tools = new SearchTools(_project.Context());

        var text = await tools.GrepAsync(@"public int \w+\(", cancellationToken: _ct);

        Assert.Equal("src/Calculator.cs:5:    public int Add(int a, int b) => a + b;\nsrc/Calculator.cs:7:    public int Multiply(int a, int b) => a * b;\n[2 matching lines in 1 file]\n", text);
    }

    [Fact]
    public async Task Grep_WithGlobsAndContext_ReturnsContextLines()
    {
        var tools = new SearchTools(_project.Context());

        var result = await tools.SearchAsync("helper", globs: ["*.py"], context: 1, cancellationToken: _ct);

        Assert.Equal(2, result.MatchCount);
        Assert.All(result.Lines, l => Assert.Equal("tools/util.py", l.Path));
        Assert.Contains(result.Lines, l => !l.IsMatch && l.LineNumber == 2);
    }

    [Fact]
    public async Task Grep_StopsAtTheResultCap()
    {
        _project.Directory.WriteFile("many.txt", string.Join('\n', Enumerable.Repeat("needle", 500)));
        var tools = new SearchTools(_project.Context() with { MaxSearchResults = 50 });

        var result = await tools.SearchAsync("needle", cancellationToken: _ct);

        Assert.Equal(50, result.MatchCount);
        Assert.True(result.Truncated);
        Assert.Contains("more were cut off", result.Format(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grep_InvalidRegex_IsABadArgumentsError()
    {
        var tools = new SearchTools(_project.Context());

        var error = await Assert.ThrowsAsync<ToolException>(() => tools.GrepAsync("(unclosed", cancellationToken: _ct));

        Assert.Equal(MemfunErrorCodes.ToolBadArguments, error.ErrorCode);
        Assert.Contains("regex parse error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grep_OutsideTheRoot_IsRefused()
    {
        var tools = new SearchTools(_project.Context());

        var error = await Assert.ThrowsAsync<SecurityException>(() => tools.GrepAsync("root", path: "../..", cancellationToken: _ct));

        Assert.Equal(MemfunErrorCodes.SecurityPathEscape, error.ErrorCode);
    }

    [Fact]
    public async Task AstGrep_MatchesStructurally()
    {
        var tools = new SearchTools(_project.Context());

        var text = await tools.AstGrepAsync("calculator.Add($A, $B)", language: "csharp", cancellationToken: _ct);

        Assert.Contains("src/Program.cs:8:", text, StringComparison.Ordinal);
        Assert.Contains("src/Report.cs:5:", text, StringComparison.Ordinal);
        Assert.EndsWith("[2 matches]\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AstGrep_ReadsNoConfigurationPlantedInTheProject()
    {
        // A repository's sgconfig.yml that parses its Python as HTML (and could, before ast-grep 0.50, load a native parser).
        _project.Directory.WriteFile("sgconfig.yml", "ruleDirs: []\nlanguageGlobs:\n  html: [\"*.py\"]\ncustomLanguages:\n  planted:\n    libraryPath: ./planted.so\n    extensions: [py]\n");
        var tools = new SearchTools(_project.Context());

        var text = await tools.AstGrepAsync("return $A * 2", language: "python", cancellationToken: _ct);

        Assert.Contains("tools/util.py:2:", text, StringComparison.Ordinal);
        Assert.EndsWith("[1 match]\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AstGrep_UnknownLanguage_IsABadArgumentsError()
    {
        var tools = new SearchTools(_project.Context());

        var error = await Assert.ThrowsAsync<ToolException>(() => tools.AstGrepAsync("$A", language: "klingon", cancellationToken: _ct));

        Assert.Equal(MemfunErrorCodes.ToolBadArguments, error.ErrorCode);
    }
}
