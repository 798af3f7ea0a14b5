using Memfun.Hosting.Remote;

namespace Memfun.Hosting.Tests.Remote;

public sealed class FanOutTests
{
    private static readonly string[] Files =
    [
        "README.md", "src/App/A.cs", "src/App/B.cs", "src/App/C.cs", "src/Lib/D.cs", "src/Lib/E.cs", "tests/T1.cs", "tests/T2.cs", "docs/x.md",
    ];

    [Fact]
    public void Split_AFolder_OpensItsLargestFolder_WhenThereAreFewerUnitsThanParts()
    {
        var shares = FanOut.Split(Files, 3, "src");

        // Two folders are too few for three parts: src/App (the largest) is opened into its files.
        Assert.Equal(["src/Lib", "src/App/A.cs src/App/C.cs", "src/App/B.cs"], shares.Select(s => string.Join(' ', s)));
    }

    [Fact]
    public void Split_TheRepository_GivesLargestUnitsFirstToTheLightestShare()
    {
        var shares = FanOut.Split(Files, 2);

        Assert.Equal(["src", "README.md docs tests"], shares.Select(s => string.Join(' ', s)));
    }

    [Fact]
    public void Split_IntoMorePartsThanUnits_OpensFoldersUntilThereAreEnough()
    {
        var shares = FanOut.Split(Files, 5);

        var covered = shares.SelectMany(s => s).SelectMany(unit => Files.Where(f => f == unit || f.StartsWith(unit + "/", StringComparison.Ordinal))).ToList();
        Assert.Equal(5, shares.Count);
        Assert.Equal(Files.Order(StringComparer.Ordinal), covered.Order(StringComparer.Ordinal));
    }
}
