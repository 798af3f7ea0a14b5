using Memfun.Cli.Infrastructure;

namespace Memfun.Cli.Tests;

/// <summary>
/// The listing commands run without the command tree (<see cref="DirectCommands"/>) print and return exactly what the
/// tree does, and every command line they are not sure of is left to the tree.
/// </summary>
public sealed class DirectCommandsTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public DirectCommandsTests()
    {
        _cli.Project.WriteFile(".memfun/skills/commit-message/SKILL.md", "---\nname: commit-message\ndescription: Write a commit message for the staged review changes.\n---\nbody\n");
        _cli.Project.WriteFile(".memfun/skills/broken/SKILL.md", "---\nname: Broken Name\n---\nbody\n");
        _cli.Project.WriteFile(".memfun/agents/helper/AGENT.md", "---\nname: helper\ndescription: Helps.\ncapabilities: helping\n---\nHelp.\n");
        _cli.Project.WriteFile("memfun.toml", "[llm]\nmodel = \"m-1\"\napi_key_env = \"MEMFUN_TEST_KEY\"\n");
    }

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("config", "show")]
    [InlineData("config", "show", "--json")]
    [InlineData("skill", "list")]
    [InlineData("skill", "list", "--json")]
    [InlineData("skill", "search", "review")]
    [InlineData("skill", "search", "--json", "commit", "--limit", "1")]
    [InlineData("skill", "search", "nothing-matches")]
    [InlineData("agent", "list")]
    [InlineData("agent", "list", "--json")]
    [InlineData("traces", "list")]
    [InlineData("traces", "list", "--json")]
    [InlineData("skill", "info", "commit-message")]
    [InlineData("skill", "info", "--json", "commit-message")]
    [InlineData("skill", "info", "no-such-skill")]
    [InlineData("agent", "info", "helper")]
    [InlineData("agent", "info", "helper", "--json")]
    [InlineData("traces", "show")]
    [InlineData("traces", "show", "no-such-run", "--json")]
    [InlineData("sessions", "list")]
    [InlineData("sessions", "list", "--json")]
    [InlineData("undo", "--list")]
    [InlineData("undo", "--list", "--json")]
    [InlineData("undo")]
    [InlineData("completion", "bash")]
    [InlineData("completion", "fish")]
    [InlineData("doctor")]
    [InlineData("doctor", "--json")]
    [InlineData("skill", "validate")]
    [InlineData("skill", "validate", "--json")]
    [InlineData("skill", "validate", ".memfun/skills/commit-message")]
    [InlineData("skill", "validate", ".memfun/skills/commit-message/SKILL.md", "--strict")]
    [InlineData("skill", "validate", "no-such-folder")]
    [InlineData("agent", "validate")]
    [InlineData("agent", "validate", ".memfun/agents", "--json", "--strict")]
    [InlineData("agent", "validate", ".memfun/skills")]
    [InlineData("optimize", "--report")]
    [InlineData("optimize", "--report", "--json")]
    [InlineData("optimize", "--show")]
    [InlineData("optimize", "--show", "--json")]
    public async Task DirectCommand_PrintsAndReturnsWhatTheTreeDoes(params string[] args)
    {
        var ct = TestContext.Current.CancellationToken;

        var direct = await _cli.RunWithAsync((a, e, c) => DirectCommands.TryRun(a, e, c) ?? throw new InvalidOperationException("not run directly"), ct, args);
        var tree = await _cli.RunWithAsync(MemfunApp.RunTreeAsync, ct, args);

        Assert.Equal(tree, direct);
        Assert.NotEqual("", direct.Stdout + direct.Stderr);
    }

    [Theory]
    [InlineData("config", "show", "--jsn")]
    [InlineData("config", "show", "--", "stray")]
    [InlineData("config", "show", "--json", "--json")]
    [InlineData("config", "show", "-v", "--verbose")]
    [InlineData("config", "shw")]
    [InlineData("traces", "list", "extra")]
    [InlineData("skill", "search")]
    [InlineData("skill", "search", "a", "b")]
    [InlineData("skill", "search", "-x")]
    [InlineData("skill", "search", "a", "--limit")]
    [InlineData("skill", "search", "a", "--limit", "x")]
    [InlineData("skill", "search", "a", "--limit", "-1")]
    [InlineData("skill", "search", "a", "--limit=2")]
    [InlineData("skill", "list", "--limit", "2")]
    [InlineData("doctor", "--dep")]
    [InlineData("config", "show", "--deep")]
    [InlineData("skill", "info")]
    [InlineData("skill", "info", "a", "b")]
    [InlineData("agent", "info", "--list")]
    [InlineData("agent", "info")]
    [InlineData("skill", "info", "")]
    [InlineData("skill", "search", "")]
    [InlineData("traces", "show", "")]
    [InlineData("ask", "")]
    [InlineData("traces", "show", "a", "b")]
    [InlineData("sessions", "list", "x")]
    [InlineData("undo", "a", "b")]
    [InlineData("undo", "--json", "--json")]
    [InlineData("completion")]
    [InlineData("completion", "tcsh")]
    [InlineData("completion", "bash", "--json")]
    [InlineData("ask")]
    [InlineData("ask", "a", "b")]
    [InlineData("ask", "question", "--context", "notes.txt")]
    [InlineData("ask", "question", "--budget", "1")]
    [InlineData("ask", "question", "--model")]
    [InlineData("ask", "question", "--model", "--json")]
    [InlineData("ask", "question", "--max-iterations", "-1")]
    [InlineData("ask", "question", "--json", "--output-format", "stream-json")]
    [InlineData("ask", "question", "--output-format", "yaml")]
    [InlineData("explain", "src/a.py")]
    [InlineData("skill", "validate", "a", "b")]
    [InlineData("skill", "validate", "--strict", "--strict")]
    [InlineData("agent", "validate", "--strct")]
    [InlineData("optimize")]
    [InlineData("optimize", "--reset")]
    [InlineData("optimize", "--report", "--show")]
    [InlineData("optimize", "--report", "aggregation")]
    [InlineData("optimize", "--trials", "3")]
    public void AnyOtherCommandLine_IsLeftToTheTree(params string[] args) =>
        Assert.Null(DirectCommands.TryRun(args, null!, TestContext.Current.CancellationToken));

    [Fact]
    public async Task Mistakes_KeepTheTreesMessageAndExitCode()
    {
        var result = await _cli.RunAsync("skill", "search", "review", "--limit", "x");

        Assert.Equal(Core.Errors.ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Failed to convert 'x' to Int32", result.Stderr, StringComparison.Ordinal);
    }
}
