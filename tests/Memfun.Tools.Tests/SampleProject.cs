using Memfun.Core.Processes;
using Memfun.Testing;

namespace Memfun.Tools.Tests;

/// <summary>A small git repository in a temp folder: C# and Python sources that reference each other.</summary>
internal sealed class SampleProject : IDisposable
{
    public SampleProject()
    {
        Directory.WriteFile("src/Calculator.cs", "namespace Demo;\n\npublic class Calculator\n{\n    public int Add(int a, int b) => a + b;\n\n    public int Multiply(int a, int b) => a * b;\n}\n");
        Directory.WriteFile("src/Program.cs", "namespace Demo;\n\npublic static class Program\n{\n    public static int Main()\n    {\n        var calculator = new Calculator();\n        return calculator.Add(1, 2) + calculator.Multiply(3, 4);\n    }\n}\n");
        Directory.WriteFile("src/Report.cs", "namespace Demo;\n\npublic class Report\n{\n    public string Render(Calculator calculator) => calculator.Add(2, 2).ToString();\n}\n");
        Directory.WriteFile("tools/util.py", "def helper(value):\n    return value * 2\n\n\ndef unused():\n    return helper(3)\n");
        Directory.WriteFile("README.md", "# Demo\n\nA calculator.\n");
    }

    public TempDirectory Directory { get; } = new();

    public string Root => Directory.Path;

    public ToolContext Context(bool allowWrites = false) => new()
    {
        ProjectRoot = Root,
        AllowWrites = allowWrites,
        CacheDirectory = Directory.Combine(".memfun/cache"),
    };

    public async Task InitGitAsync()
    {
        await GitAsync("init", "-q", "-b", "main");
        await GitAsync("add", "-A");
        await GitAsync("commit", "-q", "-m", "Initial commit");
    }

    public async Task<string> GitAsync(params string[] arguments)
    {
        var result = await ProcessRunner.TryRunAsync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", .. arguments], Root, cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotNull(result);
        Assert.True(result.Succeeded, result.Stderr);
        return result.Stdout;
    }

    public void Dispose() => Directory.Dispose();
}
