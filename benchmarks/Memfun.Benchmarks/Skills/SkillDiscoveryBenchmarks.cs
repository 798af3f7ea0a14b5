using System.Globalization;
using BenchmarkDotNet.Attributes;
using Memfun.Skills.Discovery;
using Memfun.Tools.Permissions;

namespace Memfun.Benchmarks.Skills;

/// <summary>Discovering and validating 1,000 generated skills (target: at most 200 ms warm), and building the prompt catalogue.</summary>
[MemoryDiagnoser]
public class SkillDiscoveryBenchmarks
{
    private const int Skills = 1000;
    private string _directory = "";
    private DefinitionRoot[] _roots = [];
    private SkillCatalog _catalog = SkillCatalog.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "memfun-bench-skills-" + Guid.NewGuid().ToString("N"));
        for (var i = 0; i < Skills; i++)
        {
            // Realistic files: every optional field, a 40-line body, and a reference file.
            var name = string.Create(CultureInfo.InvariantCulture, $"generated-skill-{i:0000}");
            var folder = Path.Combine(_directory, name);
            Directory.CreateDirectory(Path.Combine(folder, "references"));
            File.WriteAllText(Path.Combine(folder, "SKILL.md"), $"""
                ---
                name: {name}
                description: Generated skill number {i} for the discovery benchmark. Use when measuring how fast skills load and validate.
                license: MIT
                compatibility: Any environment with Python 3
                metadata:
                  author: benchmark
                  version: "1.{i}"
                allowed-tools: Read Grep Glob Bash(git:*)
                ---
                {string.Concat(Enumerable.Repeat("Step: read the relevant files, apply the checklist, and report findings with path:line.\n", 40))}
                """);
            File.WriteAllText(Path.Combine(folder, "references", "guide.md"), "Reference material.\n");
        }

        _roots = [new DefinitionRoot(_directory, TrustTier.Project)];
        _catalog = SkillDiscovery.Discover(_roots);
        if (_catalog.Skills.Count != Skills || _catalog.Issues.Count != 0)
        {
            throw new InvalidOperationException($"Expected {Skills} valid skills, got {_catalog.Skills.Count} with {_catalog.Issues.Count} issues.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Description = "discover + validate 1,000 skills")]
    public int Discover() => SkillDiscovery.Discover(_roots).Skills.Count;

    [Benchmark(Description = "available-skills catalogue for 1,000 skills")]
    public int Catalogue() => _catalog.ToPrompt().Length;
}
