using Memfun.Testing;
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
    public async Task AnOptionFilePlantedForCtags_IsNotRead()
    {
        // Universal Ctags reads .ctags.d/*.ctags from its current directory, the project: a repository could hide files
        // from the map or feed ctags any option.
        _project.Directory.WriteFile(".ctags.d/planted.ctags", "--exclude=*.cs\n--exclude=*.py\n");
        using var builder = new RepoMapBuilder(_project.Context());

        var result = await builder.BuildAsync(new RepoMapRequest { TokenBudget = 2000 }, _ct);

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

    [Fact]
    public async Task Map_FromTheGraphCache_EqualsAColdMap()
    {
        var question = new RepoMapRequest { FocusFiles = ["src/Program.cs"], Identifiers = ["helper", "Report"], TokenBudget = 2000 };
        using (var first = new RepoMapBuilder(_project.Context()))
        {
            Assert.True((await first.BuildAsync(new RepoMapRequest(), _ct)).GraphRebuilt);
        }

        // A new builder (as a new process) with a new question: the graph comes from the cache file, not the files' analysis.
        using var second = new RepoMapBuilder(_project.Context());
        var warm = await second.BuildAsync(question, _ct);

        Assert.False(warm.GraphRebuilt);
        Assert.Equal(0, warm.FilesReanalysed);
        Assert.Equal(await ColdMapAsync(question), warm with { FilesReanalysed = 0, GraphRebuilt = false });
    }

    [Fact]
    public async Task Map_AChangedFile_IsReanalysedAlone_AndTheGraphFollowsIt()
    {
        using (var first = new RepoMapBuilder(_project.Context()))
        {
            await first.BuildAsync(new RepoMapRequest(), _ct);
        }

        // Report now uses helper and defines Summary: both change the graph, not only this file's node.
        _project.Directory.WriteFile("src/Report.cs", "namespace Demo;\n\npublic class Report\n{\n    public int Summary() => helper(2);\n}\n");
        var question = new RepoMapRequest { Identifiers = ["helper"], TokenBudget = 2000 };
        using var second = new RepoMapBuilder(_project.Context());
        var changed = await second.BuildAsync(question, _ct);
        using var third = new RepoMapBuilder(_project.Context());
        var next = await third.BuildAsync(question with { Identifiers = ["Summary"] }, _ct);

        Assert.Equal(1, changed.FilesReanalysed);
        Assert.True(changed.GraphRebuilt);
        Assert.Contains("Summary", changed.Text, StringComparison.Ordinal);
        Assert.Equal(await ColdMapAsync(question), changed with { FilesReanalysed = 0, GraphRebuilt = false });
        Assert.False(next.GraphRebuilt);
        Assert.Equal(await ColdMapAsync(question with { Identifiers = ["Summary"] }), next with { FilesReanalysed = 0, GraphRebuilt = false });
    }

    [Fact]
    public async Task Map_ADamagedGraphFile_IsRebuilt()
    {
        string graphFile;
        using (var first = new RepoMapBuilder(_project.Context()))
        {
            await first.BuildAsync(new RepoMapRequest(), _ct);
            graphFile = Path.ChangeExtension(first.CachePath, ".graph.bin");
        }

        // Cut off its arrays: the header (version, fingerprint) still matches the files.
        var bytes = await File.ReadAllBytesAsync(graphFile, _ct);
        await File.WriteAllBytesAsync(graphFile, bytes[..(bytes.Length * 2 / 3)], _ct);
        var question = new RepoMapRequest { Identifiers = ["Report"], TokenBudget = 2000 };
        using var second = new RepoMapBuilder(_project.Context());
        var map = await second.BuildAsync(question, _ct);

        Assert.True(map.GraphRebuilt);
        Assert.Equal(await ColdMapAsync(question), map with { FilesReanalysed = 0, GraphRebuilt = false });
    }

    [Theory]
    [InlineData(int.MaxValue - 64)]
    [InlineData(-1)]
    public async Task Map_APlantedGraphFileWithAForgedCount_IsRebuilt_NotTrusted(int stringCount)
    {
        string graphFile;
        using (var first = new RepoMapBuilder(_project.Context()))
        {
            await first.BuildAsync(new RepoMapRequest(), _ct);
            graphFile = Path.ChangeExtension(first.CachePath, ".graph.bin");
        }

        // A clone can ship its cache folder: keep the header that matches the files, forge the string count after it.
        var bytes = await File.ReadAllBytesAsync(graphFile, _ct);
        using (var reader = new BinaryReader(new MemoryStream(bytes)))
        {
            reader.ReadInt32();
            reader.ReadString();
            var countAt = (int)reader.BaseStream.Position + sizeof(int);
            BitConverter.TryWriteBytes(bytes.AsSpan(countAt, sizeof(int)), stringCount);
        }

        await File.WriteAllBytesAsync(graphFile, bytes, _ct);
        var question = new RepoMapRequest { Identifiers = ["Report"], TokenBudget = 2000 };
        using var second = new RepoMapBuilder(_project.Context());
        var map = await second.BuildAsync(question, _ct);

        Assert.True(map.GraphRebuilt);
        Assert.Equal(await ColdMapAsync(question), map with { FilesReanalysed = 0, GraphRebuilt = false });
    }

    private async Task<RepoMapResult> ColdMapAsync(RepoMapRequest request)
    {
        using var cache = new TempDirectory();
        using var builder = new RepoMapBuilder(_project.Context() with { CacheDirectory = cache.Path });
        var cold = await builder.BuildAsync(request, _ct);
        Assert.True(cold.GraphRebuilt);
        Assert.Equal(cold.FileCount, cold.FilesReanalysed);
        return cold with { FilesReanalysed = 0, GraphRebuilt = false };
    }
}
