using System.Text.Json;
using System.Text.RegularExpressions;

namespace Memfun.Agent.Verification;

/// <summary>The command that runs a project's tests, and where it came from.</summary>
/// <param name="Command">The shell command.</param>
/// <param name="Source">Where it came from: <c>memfun.toml</c>, <c>AGENTS.md</c>, or the ecosystem it was detected for.</param>
public sealed partial record TestCommand(string Command, string Source)
{
    /// <summary>
    /// Finds the project's test command: <c>[project] test</c> when configured; else a <c>Test: `command`</c> line of
    /// AGENTS.md; else the usual command of the project's ecosystem (.NET, Python, Node, Go, Rust).
    /// </summary>
    /// <param name="projectRoot">The project.</param>
    /// <param name="configured">The <c>[project] test</c> setting, if any.</param>
    /// <returns>The command, or null when none is configured or recognisable.</returns>
    public static TestCommand? Find(string projectRoot, string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new TestCommand(configured.Trim(), "memfun.toml [project] test");
        }

        return FromAgentsFile(projectRoot) ?? Detect(projectRoot);
    }

    private static TestCommand? FromAgentsFile(string projectRoot)
    {
        var file = Path.Combine(projectRoot, "AGENTS.md");
        if (!File.Exists(file) || new FileInfo(file).LinkTarget is not null)
        {
            return null;
        }

        foreach (var line in File.ReadLines(file))
        {
            if (AgentsTestLine().Match(line) is { Success: true } match)
            {
                return new TestCommand(match.Groups["command"].Value.Trim(), "AGENTS.md");
            }
        }

        return null;
    }

    private static TestCommand? Detect(string root)
    {
        bool Has(string name) => File.Exists(Path.Combine(root, name));
        bool Any(string pattern) => Directory.EnumerateFiles(root, pattern).Any();

        if (Any("*.slnx") || Any("*.sln") || Any("*.csproj") || Any("*.fsproj"))
        {
            return new TestCommand("dotnet test", "detected: .NET project");
        }

        if (Has("package.json") && HasNpmTestScript(Path.Combine(root, "package.json")))
        {
            return new TestCommand("npm test", "detected: package.json test script");
        }

        if (Has("go.mod"))
        {
            return new TestCommand("go test ./...", "detected: Go module");
        }

        if (Has("Cargo.toml"))
        {
            return new TestCommand("cargo test", "detected: Cargo package");
        }

        if (Has("pytest.ini") || Has("conftest.py") || (Has("pyproject.toml") && File.ReadAllText(Path.Combine(root, "pyproject.toml")).Contains("pytest", StringComparison.Ordinal)))
        {
            return new TestCommand("python3 -m pytest", "detected: pytest configuration");
        }

        if (Has("pyproject.toml") || Has("setup.py") || Any("test*.py") || Directory.Exists(Path.Combine(root, "tests")) && Directory.EnumerateFiles(Path.Combine(root, "tests"), "test*.py").Any())
        {
            return new TestCommand("python3 -m unittest", "detected: Python project");
        }

        return null;
    }

    private static bool HasNpmTestScript(string packageJson)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(packageJson));
            return document.RootElement.TryGetProperty("scripts", out var scripts) && scripts.ValueKind == JsonValueKind.Object
                && scripts.TryGetProperty("test", out var test) && test.ValueKind == JsonValueKind.String
                && !test.GetString()!.Contains("no test specified", StringComparison.Ordinal);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\s*(?:[-*]\s*)?(?:\*\*)?tests?(?:\*\*)?\s*:\s*`(?<command>[^`]+)`", RegexOptions.IgnoreCase)]
    private static partial Regex AgentsTestLine();
}
