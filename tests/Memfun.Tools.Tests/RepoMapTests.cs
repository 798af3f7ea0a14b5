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
        var graphFile = await GraphFileOfAFirstMapAsync();

        // Cut off its arrays: the header (version, fingerprint) still matches the files.
        var bytes = await File.ReadAllBytesAsync(graphFile, _ct);
        await File.WriteAllBytesAsync(graphFile, bytes[..(bytes.Length * 2 / 3)], _ct);
        await AssertANewBuilderRebuildsTheGraphAsync();
    }

    [Theory]
    [InlineData(int.MaxValue - 64)]
    [InlineData(-1)]
    public async Task Map_APlantedGraphFileWithAForgedCount_IsRebuilt_NotTrusted(int stringCount)
    {
        var graphFile = await GraphFileOfAFirstMapAsync();

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
        await AssertANewBuilderRebuildsTheGraphAsync();
    }

    // The graph file's arrays, in the order SymbolGraph writes them; each is a count, then the values.
    private static readonly string[] GraphArrays =
        ["TagStart", "TagFields", "DefinerCounts", "DefinerFiles", "UseStart", "UseName", "UseWeight", "EdgeStart", "EdgeTarget", "EdgeWeight", "UserStart", "UserFile", "UserWeight"];

    [Theory]
    [InlineData("EdgeTarget", 0, 1_000_000)] // an edge to a file that does not exist
    [InlineData("UserFile", 0, -1)]
    [InlineData("DefinerFiles", 0, 1_000_000)]
    [InlineData("UseName", 0, 1_000_000)] // a use of a name that is not defined
    [InlineData("TagFields", 0, 1_000_000)] // a tag's name
    [InlineData("TagFields", 1, -2)] // a tag's kind
    [InlineData("TagFields", 3, -2)] // a tag's scope
    [InlineData("EdgeStart", 1, -1)] // rows that go backwards
    [InlineData("UseStart", 0, 1)] // rows that do not start at 0
    public async Task Map_APlantedGraphFileWithAnIndexOutOfRange_IsRebuilt_NotTrusted(string array, int index, int value)
    {
        var graphFile = await GraphFileOfAFirstMapAsync();

        // Every count and length stays right: only one value of one array is forged.
        var bytes = await File.ReadAllBytesAsync(graphFile, _ct);
        using (var reader = new BinaryReader(new MemoryStream(bytes)))
        {
            reader.ReadInt32();
            reader.ReadString();
            reader.ReadInt32();
            for (var strings = reader.ReadInt32(); strings > 0; strings--)
            {
                reader.ReadString();
            }

            foreach (var name in GraphArrays)
            {
                var length = reader.ReadInt32();
                var size = name.EndsWith("Weight", StringComparison.Ordinal) ? sizeof(double) : sizeof(int);
                if (name == array)
                {
                    Assert.True(index < length, $"{array} has only {length} values");
                    BitConverter.TryWriteBytes(bytes.AsSpan((int)reader.BaseStream.Position + (index * size), sizeof(int)), value);
                    break;
                }

                reader.BaseStream.Seek((long)length * size, SeekOrigin.Current);
            }
        }

        await File.WriteAllBytesAsync(graphFile, bytes, _ct);
        await AssertANewBuilderRebuildsTheGraphAsync();
    }

    // Builds a map with a new builder, which writes the graph file, and returns that file.
    private async Task<string> GraphFileOfAFirstMapAsync()
    {
        using var first = new RepoMapBuilder(_project.Context());
        await first.BuildAsync(new RepoMapRequest(), _ct);
        return Path.ChangeExtension(first.CachePath, ".graph.bin");
    }

    // A new builder (as a new process) must not trust the graph file: it rebuilds the graph, and maps as a cold build does.
    private async Task AssertANewBuilderRebuildsTheGraphAsync()
    {
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
