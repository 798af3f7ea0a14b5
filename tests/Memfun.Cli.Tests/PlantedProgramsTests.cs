using System.Runtime.Versioning;
using System.Text.Json;
using Memfun.Core.Errors;
using Memfun.Testing;
using Memfun.Testing.Llm;

namespace Memfun.Cli.Tests;

/// <summary>
/// The attack: a repository ships executables named like the programs memfun starts (git, rg, python3, bwrap...) at its
/// root, and its user runs memfun there, even with "." on <c>PATH</c>. None of them may run; the real programs must.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PlantedProgramsTests : IAsyncLifetime
{
    private static readonly string[] Planted = ["git", "rg", "python3", "bwrap", "prlimit", "setpriv", "ctags", "ast-grep", "sh"];

    private readonly CliHarness _cli = new();
    private readonly TempDirectory _outside = new();
    private FakeOpenAIServer _server = null!;

    private string Marker => _outside.Combine("planted-programs-ran.txt");

    public async ValueTask InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartNewAsync(TestContext.Current.CancellationToken);
        _cli.Environment["MEMFUN_LLM_BASE_URL"] = _server.BaseUrl;
        _cli.Environment["MEMFUN_LLM_MODEL"] = "test-model";
        _cli.Environment["XDG_CONFIG_HOME"] = _cli.Project.Combine("xdg");
        // A relative entry, which a shell reads as the current directory: the project.
        _cli.Environment["PATH"] = ".:" + _cli.Environment["PATH"];
        _cli.Project.WriteFile("src/app.py", "needle = 1\n");
        foreach (var name in Planted)
        {
            var path = _cli.Project.WriteFile(name, $"#!/bin/sh\necho \"{name} $*\" >> '{Marker}'\necho 'planted 9.9'\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _cli.Dispose();
        _outside.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Doctor_RunsTheProgramsOnThePath_NotThePlantedOnes()
    {
        var result = await MemfunProcess.RunAsync(_cli.Project.Path, _cli.Environment, "doctor", "--json");

        Assert.False(File.Exists(Marker), File.Exists(Marker) ? File.ReadAllText(Marker) : null);
        using var json = JsonDocument.Parse(result.Stdout);
        var details = json.RootElement.EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("detail").GetString()!);
        Assert.StartsWith("Python 3.", details["python3 (REPL kernel)"], StringComparison.Ordinal);
        Assert.StartsWith("git version 2.", details["git"], StringComparison.Ordinal);
        Assert.StartsWith("ripgrep ", details["ripgrep (search)"], StringComparison.Ordinal);
        Assert.Equal("network-less namespaces work: the sandbox isolates code", details["bubblewrap (sandbox isolation)"]);
        Assert.DoesNotContain(details.Values, detail => detail.Contains("planted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ask_RunsItsKernelAndToolsWithTheProgramsOnThePath_NotThePlantedOnes()
    {
        _server.Enqueue(ScriptedReply.Say("```python\nhits = search('needle')\nSUBMIT(hits[0] + ' | ' + str('src/app.py' in files))\n```"));

        var result = await MemfunProcess.RunAsync(_cli.Project.Path, _cli.Environment, "ask", "Where is the needle?", "--json");

        Assert.False(File.Exists(Marker), File.Exists(Marker) ? File.ReadAllText(Marker) : null);
        Assert.True(result.ExitCode == ExitCodes.Success, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("src/app.py:1:needle = 1 | True", json.RootElement.GetProperty("answer").GetString());
    }
}
