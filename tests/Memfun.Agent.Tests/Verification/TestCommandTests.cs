using Memfun.Agent.Verification;
using Memfun.Testing;

namespace Memfun.Agent.Tests.Verification;

public sealed class TestCommandTests : IDisposable
{
    private readonly TempDirectory _project = new();

    public void Dispose() => _project.Dispose();

    [Fact]
    public void TheConfiguredCommand_WinsOverEverything()
    {
        _project.WriteFile("AGENTS.md", "Test: `make check`\n");
        _project.WriteFile("go.mod", "module x\n");

        var command = TestCommand.Find(_project.Path, "tox -e py311");

        Assert.Equal(new TestCommand("tox -e py311", "memfun.toml [project] test"), command);
    }

    [Theory]
    [InlineData("## Commands\n- Test: `make check`\n", "make check")]
    [InlineData("**Tests**: `bash scripts/test.sh`\n", "bash scripts/test.sh")]
    public void AnAgentsFileTestLine_IsUsed(string agents, string expected)
    {
        _project.WriteFile("AGENTS.md", "# Working here\n\nBuild: `make`\n" + agents);
        _project.WriteFile("go.mod", "module x\n");

        Assert.Equal(new TestCommand(expected, "AGENTS.md"), TestCommand.Find(_project.Path, null));
    }

    [Theory]
    [InlineData("App.slnx", "", "dotnet test")]
    [InlineData("package.json", "{\"scripts\":{\"test\":\"jest\"}}", "npm test")]
    [InlineData("go.mod", "module x\n", "go test ./...")]
    [InlineData("Cargo.toml", "[package]\nname = \"x\"\n", "cargo test")]
    [InlineData("pytest.ini", "[pytest]\n", "python3 -m pytest")]
    [InlineData("test_calc.py", "import unittest\n", "python3 -m unittest")]
    public void TheEcosystem_IsDetected(string file, string content, string expected)
    {
        _project.WriteFile(file, content);

        Assert.Equal(expected, TestCommand.Find(_project.Path, null)?.Command);
    }

    [Fact]
    public void NpmsPlaceholderScript_IsNoTestCommand()
    {
        _project.WriteFile("package.json", "{\"scripts\":{\"test\":\"echo \\\"Error: no test specified\\\" && exit 1\"}}");

        Assert.Null(TestCommand.Find(_project.Path, null));
    }
}
