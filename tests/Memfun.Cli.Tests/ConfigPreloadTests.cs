using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Memfun.Hosting.Configuration;
using Memfun.Testing;

namespace Memfun.Cli.Tests;

/// <summary>The configuration loaded ahead of a command: the same result, and the same error, as a load of the command's own.</summary>
public sealed class ConfigPreloadTests : IDisposable
{
    private readonly TempDirectory _project = new();
    private readonly Dictionary<string, string?> _environment = new(StringComparer.Ordinal) { ["MEMFUN_AGENT_MAX_ITERATIONS"] = "7" };

    public void Dispose() => _project.Dispose();

    private ConfigLoadOptions Options(params ConfigOverride[] overrides) => new()
    {
        WorkingDirectory = _project.Path,
        Environment = _environment,
        UserConfigPath = _project.Combine("no-user-config.toml"),
        Overrides = overrides,
    };

    [Fact]
    public void TryTake_SameOptions_GivesWhatALoadOfItsOwnGives()
    {
        _project.WriteFile("memfun.toml", "[llm]\nmodel = \"preloaded-model\"\n");
        var preload = ConfigPreload.Start(Options());

        var taken = preload.TryTake(Options());
        var own = ConfigLoader.Load(Options());

        Assert.NotNull(taken);
        Assert.Equal("preloaded-model", taken.Llm.Model);
        Assert.Equal(7, taken.Agent.MaxIterations);
        Assert.Equal(
            own.Entries.Select(e => $"{e.Key}={ConfigWriter.FormatValue(e.Value ?? "")}@{e.Source}"),
            taken.Entries.Select(e => $"{e.Key}={ConfigWriter.FormatValue(e.Value ?? "")}@{e.Source}"));
    }

    [Fact]
    public void TryTake_WithOverridesOrAnotherDirectory_IsLeftForALoadOfItsOwn()
    {
        var preload = ConfigPreload.Start(Options());

        Assert.Null(preload.TryTake(Options(new ConfigOverride("llm.model", "other", "--model"))));
        Assert.Null(preload.TryTake(Options() with { WorkingDirectory = _project.Combine("elsewhere") }));
        Assert.Equal(_project.Path, preload.TryTake(Options())?.ProjectRoot);
    }

    [Fact]
    public void TryTake_InvalidFile_ThrowsTheErrorALoadOfItsOwnThrows()
    {
        _project.WriteFile("memfun.toml", "[llm]\nmodle = \"x\"\n");
        var preload = ConfigPreload.Start(Options());

        var preloaded = Assert.Throws<ConfigException>(() => preload.TryTake(Options()));
        var own = Assert.Throws<ConfigException>(() => ConfigLoader.Load(Options()));

        Assert.Equal(own.Message, preloaded.Message);
        Assert.Equal(own.Hint, preloaded.Hint);
        Assert.Equal(2, preloaded.Line);
        Assert.Equal(MemfunErrorCodes.ConfigUnknownKey, preloaded.ErrorCode);
    }

    [Fact]
    public async Task ListingCommandProcess_InvalidFile_FailsWithTheFileLineAndKey()
    {
        _project.WriteFile("memfun.toml", "[llm]\nmodle = \"x\"\n");
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PATH"] = System.Environment.GetEnvironmentVariable("PATH"),
            ["HOME"] = _project.Combine("home"),
        };

        var result = await MemfunProcess.RunAsync(_project.Path, environment, "skill", "list");

        Assert.Equal(ExitCodes.Config, result.ExitCode);
        Assert.Contains($"{_project.Combine("memfun.toml")}:2:1: llm.modle: unknown key", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("did you mean 'llm.model'?", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }
}
