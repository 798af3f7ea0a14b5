using Memfun.Core.Configuration;
using Memfun.Core.Errors;
using Memfun.Hosting.Configuration;
using Memfun.Llm;
using Memfun.Runtime;
using Memfun.Testing;

namespace Memfun.Hosting.Tests.Configuration;

public sealed class ConfigLoaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly Dictionary<string, string?> _environment = new(StringComparer.Ordinal);

    public void Dispose() => _temp.Dispose();

    private MemfunConfig Load(string? workingDirectory = null, params ConfigOverride[] overrides) =>
        ConfigLoader.Load(
            new ConfigLoadOptions
            {
                WorkingDirectory = workingDirectory ?? _temp.Path,
                Environment = _environment,
                UserConfigPath = _temp.Combine("user/config.toml"),
                Overrides = overrides,
                TrustProjectFile = true, // these tests bind values; what an untrusted file may set is ProjectTrustTests'
            });

    private ConfigException LoadFails(string projectToml)
    {
        _temp.WriteFile("memfun.toml", projectToml);
        return Assert.Throws<ConfigException>(() => Load());
    }

    [Fact]
    public void Load_NoFiles_GivesDefaultsFromDefaultSource()
    {
        var config = Load();

        Assert.Null(config.ProjectFile);
        Assert.Equal(LlmProvider.OpenAICompatible, config.Llm.Provider);
        Assert.Equal("http://localhost:11434/v1", config.Llm.EffectiveBaseUrl);
        Assert.Equal(BackendTier.Sqlite, config.Backend.Tier);
        Assert.All(config.Entries, e => Assert.Equal(ConfigSourceKind.Default, e.Source.Kind));
        Assert.Contains(config.Entries, e => e.Key == "agent.max_iterations" && (long)e.Value! == 20);
    }

    [Fact]
    public void FindProjectRoot_IsTheRootALoadGives_FromTheNearestConfigThenGitCheckoutThenTheFolder()
    {
        // A git checkout inside a configured project inside another checkout: the nearest memfun.toml wins over both.
        _temp.CreateDirectory(".git");
        var configured = _temp.CreateDirectory("app");
        _temp.WriteFile("app/memfun.toml", "");
        var checkout = _temp.CreateDirectory("app/vendor/lib");
        _temp.CreateDirectory("app/vendor/lib/.git");
        var inCheckout = _temp.CreateDirectory("app/vendor/lib/src");
        var plain = new TempDirectory();
        try
        {
            string[] workingDirectories = [inCheckout, checkout, configured, _temp.Path, plain.Path];
            string[] expected = [configured, configured, configured, _temp.Path, plain.Path];
            for (var i = 0; i < workingDirectories.Length; i++)
            {
                Assert.Equal(expected[i], ConfigLoader.FindProjectRoot(workingDirectories[i]));
                Assert.Equal(Load(workingDirectories[i]).ProjectRoot, ConfigLoader.FindProjectRoot(workingDirectories[i]));
            }
        }
        finally
        {
            plain.Dispose();
        }
    }

    [Fact]
    public void Load_FindsProjectFileWalkingUpFromWorkingDirectory()
    {
        var file = _temp.WriteFile("memfun.toml", "[llm]\nmodel = \"from-root\"\n");
        var nested = _temp.CreateDirectory("src/deep/er");

        var config = Load(nested);

        Assert.Equal(file, config.ProjectFile);
        Assert.Equal(_temp.Path, config.ProjectRoot);
        Assert.Equal("from-root", config.Llm.Model);
        var entry = Assert.Single(config.Entries, e => e.Key == "llm.model");
        Assert.Equal(new ConfigSource(ConfigSourceKind.ProjectFile, file, 2), entry.Source);
    }

    [Fact]
    public void Load_LayersUserProjectEnvironmentAndFlagsInThatOrder()
    {
        _temp.WriteFile("user/config.toml", "[llm]\nmodel = \"user\"\ntemperature = 0.3\n[backend]\ntier = \"memory\"\n");
        _temp.WriteFile("memfun.toml", "[llm]\nmodel = \"project\"\ntemperature = 0.4\n");
        _environment["MEMFUN_LLM_MODEL"] = "environment";

        var withoutFlag = Load();
        var withFlag = Load(null, new ConfigOverride("llm.model", "flag", "--model"));

        Assert.Equal("environment", withoutFlag.Llm.Model);
        Assert.Equal(0.4, withoutFlag.Llm.Temperature);
        Assert.Equal(BackendTier.Memory, withoutFlag.Backend.Tier);
        Assert.Equal(ConfigSourceKind.UserFile, withoutFlag.Entries.Single(e => e.Key == "backend.tier").Source.Kind);
        Assert.Equal("flag", withFlag.Llm.Model);
        Assert.Equal(new ConfigSource(ConfigSourceKind.CommandLine, "--model"), withFlag.Entries.Single(e => e.Key == "llm.model").Source);
    }

    [Fact]
    public void Load_EnvironmentValuesAreParsedByType()
    {
        _environment["MEMFUN_SANDBOX_NETWORK"] = "yes";
        _environment["MEMFUN_LLM_MAX_COST_USD"] = "2.5";
        _environment["MEMFUN_WEB_ALLOWED_HOSTS"] = "localhost, 127.0.0.1";

        var config = Load();

        Assert.True(config.Sandbox.Network);
        Assert.Equal(2.5, config.Llm.MaxCostUsd);
        Assert.Equal(["localhost", "127.0.0.1"], config.Web.AllowedHosts);
    }

    [Fact]
    public void Load_UnknownKey_NamesFileLineKeyAndClosestKey()
    {
        var error = LoadFails("[llm]\nmodel = \"m\"\nmodle = \"x\"\n");

        Assert.Equal(MemfunErrorCodes.ConfigUnknownKey, error.ErrorCode);
        Assert.Equal(ExitCodes.Config, error.ExitCode);
        Assert.Equal(_temp.Combine("memfun.toml"), error.FilePath);
        Assert.Equal(3, error.Line);
        Assert.Equal("llm.modle", error.Key);
        Assert.StartsWith($"{_temp.Combine("memfun.toml")}:3:1: llm.modle: unknown key", error.Message, StringComparison.Ordinal);
        Assert.Equal("did you mean 'llm.model'?", error.Hint);
    }

    [Fact]
    public void Load_UnknownSection_SuggestsKeyInRightSection()
    {
        var error = LoadFails("[sandbx]\nkind = \"local\"\n");

        Assert.Equal("sandbx.kind", error.Key);
        Assert.Equal("did you mean 'sandbox.kind'?", error.Hint);
    }

    [Fact]
    public void Load_WrongType_SaysExpectedAndActual()
    {
        var error = LoadFails("[agent]\nmax_iterations = \"many\"\n");

        Assert.Equal(MemfunErrorCodes.ConfigWrongType, error.ErrorCode);
        Assert.Equal(2, error.Line);
        Assert.Contains("expected a whole number, got \"many\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadChoice_ListsChoicesAndSuggests()
    {
        var error = LoadFails("[backend]\ntier = \"sqlit\"\n");

        Assert.Equal(MemfunErrorCodes.ConfigBadValue, error.ErrorCode);
        Assert.Contains("'sqlit' is not one of: memory, sqlite, redis, nats", error.Message, StringComparison.Ordinal);
        Assert.Equal("did you mean 'sqlite'?", error.Hint);
    }

    [Theory]
    [InlineData("[llm]\ntemperature = 5.0\n", "must be between 0 and 2")]
    [InlineData("[llm]\nbase_url = \"localhost:11434\"\n", "must be an absolute http:// or https:// URL")]
    [InlineData("[sandbox]\nmemory_mb = 1\n", "must be at least 64")]
    [InlineData("[backend]\nnamespace = \"a b\"\n", "may use only letters")]
    public void Load_OutOfRangeValue_IsRejected(string toml, string expected)
    {
        var error = LoadFails(toml);

        Assert.Equal(MemfunErrorCodes.ConfigBadValue, error.ErrorCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[llm]\napi_key = \"abc\"\n")]
    [InlineData("[llm]\napi_key_env = \"sk-proj-abcdefghijklmnopqrstuvwx\"\n")]
    [InlineData("[backend]\nredis_url = \"redis://:hunter2secret@db:6379\"\n")]
    [InlineData("[web]\ntoken = \"abc\"\n")]
    public void Load_LiteralSecretInFile_IsRefusedWithHowToFix(string toml)
    {
        var error = LoadFails(toml);

        Assert.Equal(MemfunErrorCodes.ConfigLiteralSecret, error.ErrorCode);
        Assert.Contains("api_key_env", error.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PasswordUrlFromEnvironment_IsAccepted()
    {
        _environment["MEMFUN_BACKEND_REDIS_URL"] = "redis://:hunter2secret@db:6379";

        var config = Load();

        Assert.Equal("redis://:hunter2secret@db:6379", config.Backend.RedisUrl);
    }

    [Fact]
    public void Load_MaxTokensIsNotMistakenForASecret()
    {
        _temp.WriteFile("memfun.toml", "[llm]\nmax_tokens = 100\nmax_tokens_per_run = 5000\n");

        var config = Load();

        Assert.Equal(100, config.Llm.MaxTokens);
        Assert.Equal(5000, config.Llm.MaxTokensPerRun);
    }

    [Fact]
    public void Load_MalformedToml_GivesParserLineAndColumn()
    {
        var error = LoadFails("[llm]\nmodel = \"ok\"\nbroken = = 3\n");

        Assert.Equal(MemfunErrorCodes.ConfigSyntax, error.ErrorCode);
        Assert.Equal(3, error.Line);
        // The parser points at the second '=' of `broken = = 3`.
        Assert.Equal(10, error.Column);
        Assert.Contains("invalid TOML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InvalidEnvironmentValue_NamesTheVariable()
    {
        _environment["MEMFUN_LLM_MAX_TOKENS"] = "lots";

        var error = Assert.Throws<ConfigException>(() => Load());

        Assert.StartsWith("environment variable MEMFUN_LLM_MAX_TOKENS: llm.max_tokens: expected a whole number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SeveralProblems_ReportsEveryOne()
    {
        var error = LoadFails("[llm]\nmodle = \"x\"\nmax_tokens = -1\n[backend]\ntier = 3\n");

        Assert.Contains("3 configuration problems", error.Message, StringComparison.Ordinal);
        Assert.Contains("llm.modle", error.Message, StringComparison.Ordinal);
        Assert.Contains("llm.max_tokens", error.Message, StringComparison.Ordinal);
        Assert.Contains("backend.tier", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BindsPriceTableAndMcpServers()
    {
        _temp.WriteFile("memfun.toml", """
            [llm.prices."gpt-4.1"]
            input_per_mtok = 2.5
            output_per_mtok = 9.0
            [llm.prices."my-finetune"]
            input_per_mtok = 3
            [mcp.servers.files]
            command = "npx"
            args = ["-y", "@modelcontextprotocol/server-filesystem", "."]
            env = ["HOME"]
            [mcp.servers.remote]
            url = "https://example.test/mcp"
            token_env = "REMOTE_TOKEN"
            """);

        var config = Load();

        // A price not given keeps the model's list price (gpt-4.1's cached input: $0.50), or is 0 for a model without one.
        Assert.Equal(new ModelPrice(2.5, 9, 0.5), config.Llm.Prices["gpt-4.1"]);
        Assert.Equal(new ModelPrice(3, 0, 0), config.Llm.Prices["my-finetune"]);
        var files = config.Mcp.Servers["files"];
        Assert.Equal("npx", files.Command);
        Assert.Equal(["-y", "@modelcontextprotocol/server-filesystem", "."], files.Args);
        Assert.Equal("https://example.test/mcp", config.Mcp.Servers["remote"].Url);
        Assert.Contains(config.Entries, e => e.Key == "llm.prices.\"gpt-4.1\".output_per_mtok" && (double)e.Value! == 9.0);
    }

    [Fact]
    public void Load_McpServerWithBothCommandAndUrl_IsRejected()
    {
        var error = LoadFails("[mcp.servers.x]\ncommand = \"a\"\nurl = \"https://b.test\"\n");

        Assert.Equal("mcp.servers.x", error.Key);
        Assert.Contains("exactly one of 'command' (stdio) or 'url' (HTTP)", error.Message, StringComparison.Ordinal);
    }
}
