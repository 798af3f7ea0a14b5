using System.Text.RegularExpressions;
using System.Xml.Linq;
using Memfun.Testing;

namespace Memfun.Hosting.Tests.Architecture;

/// <summary>Keeps the dependency graph of docs/architecture.md true: declared, and pointing down only.</summary>
public sealed partial class LayeringTests
{
    // The order of docs/architecture.md: a project may reference only projects of a lower rank.
    private static readonly Dictionary<string, int> Rank = new(StringComparer.Ordinal)
    {
        ["Memfun.Core"] = 0,
        ["Memfun.Runtime"] = 1,
        ["Memfun.Sandbox"] = 1,
        ["Memfun.Llm"] = 1,
        ["Memfun.Tools"] = 1,
        ["Memfun.Runtime.Redis"] = 2,
        ["Memfun.Runtime.Nats"] = 2,
        ["Memfun.Agent"] = 2,
        ["Memfun.Skills"] = 3,
        ["Memfun.Optimizer"] = 4,
        ["Memfun.Hosting"] = 5,
        ["Memfun.Cli"] = 6,
    };

    private static string Source => Path.Combine(RepositoryRoot.Path, "src");

    [Fact]
    public void EveryProject_IsInTheDocumentedOrder()
    {
        var projects = Directory.GetDirectories(Source).Select(Path.GetFileName).Where(n => File.Exists(Path.Combine(Source, n!, n + ".csproj"))).Order(StringComparer.Ordinal);

        Assert.Equal(Rank.Keys.Order(StringComparer.Ordinal), projects);
    }

    [Fact]
    public void References_PointDownOnly()
    {
        var upward = Rank.Keys.SelectMany(project => References(project).Where(reference => Rank[reference] >= Rank[project]).Select(reference => $"{project} -> {reference}")).ToList();

        Assert.Empty(upward);
    }

    [Fact]
    public void EveryProject_DeclaresTheProjectsWhoseNamespacesItUses()
    {
        var undeclared = new List<string>();
        foreach (var project in Rank.Keys)
        {
            var declared = References(project).Append(project).ToHashSet(StringComparer.Ordinal);
            var used = Directory.EnumerateFiles(Path.Combine(Source, project), "*.cs", SearchOption.AllDirectories)
                .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .SelectMany(file => MemfunUsing().Matches(File.ReadAllText(file)).Select(m => Owner(m.Groups[1].Value)))
                .ToHashSet(StringComparer.Ordinal);
            undeclared.AddRange(used.Where(owner => !declared.Contains(owner)).Select(owner => $"{project} uses {owner}"));
        }

        Assert.Empty(undeclared);
    }

    private static IEnumerable<string> References(string project) =>
        XDocument.Load(Path.Combine(Source, project, project + ".csproj")).Descendants("ProjectReference")
            .Select(element => Path.GetFileNameWithoutExtension(element.Attribute("Include")!.Value));

    // The project that owns a namespace: the longest project name it starts with.
    private static string Owner(string ns) =>
        Rank.Keys.Where(project => ns == project || ns.StartsWith(project + ".", StringComparison.Ordinal)).MaxBy(project => project.Length) ?? ns;

    [GeneratedRegex(@"^using (Memfun(?:\.\w+)*);", RegexOptions.Multiline)]
    private static partial Regex MemfunUsing();
}
