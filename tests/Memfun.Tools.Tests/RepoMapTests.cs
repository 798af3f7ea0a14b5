using Memfun.Tools.RepoMap;

namespace Memfun.Tools.Tests;

public sealed class RepoMapTests : IDisposable
{
    private readonly SampleProject _project = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task Map_RanksTheMostReferencedDefinitionsFirst()
    {
        using var builder = new RepoMapBuilder(_project.Context());

        var result = await builder.BuildAsync(new RepoMapRequest { TokenBudget = 2000 }, _ct);

        Assert.Equal(4, result.FileCount);
        Assert.StartsWith("src/Calculator.cs:", result.Text, StringComparison.Ordinal);
        Assert.Contains("class Calculator", result.Text, StringComparison.Ordinal);
        Assert.Contains("function helper", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Map_IsPersonalisedByMentionedIdentifiers()
    {
        using var builder = new RepoMapBuilder(_project.Context());

        var result = await builder.BuildAsync(new RepoMapRequest { Identifiers = ["helper"], TokenBudget = 2000 }, _ct);

        Assert.StartsWith("tools/util.py:", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Map_FitsTheTokenBudget()
    {
        using var builder = new RepoMapBuilder(_project.Context());

        var small = await builder.BuildAsync(new RepoMapRequest { TokenBudget = 64 }, _ct);
        var large = await builder.BuildAsync(new RepoMapRequest { TokenBudget = 4000 }, _ct);

        Assert.True(small.Text.Length <= 64 * 4);
        Assert.True(small.SymbolsShown < large.SymbolsShown);
        Assert.Equal(large.SymbolCount, large.SymbolsShown);
    }

    [Fact]
    public async Task Map_ReusesTheCache_AndReanalysesOnlyChangedFiles()
    {
        using (var first = new RepoMapBuilder(_project.Context()))
        {
            var cold = await first.BuildAsync(new RepoMapRequest(), _ct);
            Assert.Equal(4, cold.FilesReanalysed);
        }

        using var second = new RepoMapBuilder(_project.Context());
        var warm = await second.BuildAsync(new RepoMapRequest(), _ct);
        _project.Directory.WriteFile("src/Extra.cs", "namespace Demo;\n\npublic class Extra { }\n");
        File.SetLastWriteTimeUtc(_project.Directory.Combine("src/Report.cs"), DateTime.UtcNow.AddMinutes(1));
        var changed = await second.BuildAsync(new RepoMapRequest(), _ct);

        Assert.Equal(0, warm.FilesReanalysed);
        Assert.Equal(1, changed.FilesReanalysed);
        Assert.Contains("class Extra", (await second.BuildAsync(new RepoMapRequest { TokenBudget = 4000 }, _ct)).Text, StringComparison.Ordinal);
    }
}
