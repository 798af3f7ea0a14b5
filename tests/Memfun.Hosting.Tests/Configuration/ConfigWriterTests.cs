using Memfun.Hosting.Configuration;
using Memfun.Testing;

namespace Memfun.Hosting.Tests.Configuration;

public sealed class ConfigWriterTests
{
    [Fact]
    public void Render_ThenLoad_RoundTripsEveryValueType()
    {
        using var temp = new TempDirectory();
        var values = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["llm.model"] = "weird \"name\" \\ with ünïcode\ttab",
            ["llm.temperature"] = 0.25,
            ["llm.max_tokens"] = 1234L,
            ["sandbox.network"] = true,
            ["web.blocked_hosts"] = new List<string> { "a.test", "b \"quoted\".test" },
            ["llm.prices.\"my.model\".input_per_mtok"] = 1.5,
        };
        temp.WriteFile("memfun.toml", ConfigWriter.Render(values));

        var config = ConfigLoader.Load(
            new ConfigLoadOptions { WorkingDirectory = temp.Path, Environment = new Dictionary<string, string?>(), UserConfigPath = temp.Combine("none.toml"), TrustProjectFile = true });

        Assert.Equal("weird \"name\" \\ with ünïcode\ttab", config.Llm.Model);
        Assert.Equal(0.25, config.Llm.Temperature);
        Assert.Equal(1234, config.Llm.MaxTokens);
        Assert.True(config.Sandbox.Network);
        Assert.Equal(["a.test", "b \"quoted\".test"], config.Web.BlockedHosts);
        Assert.Equal(1.5, config.Llm.Prices["my.model"].InputPerMTok);
    }

    [Fact]
    public void Render_GroupsKeysIntoSectionsInSchemaOrderWithDescriptions()
    {
        var text = ConfigWriter.Render(new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["sandbox.kind"] = "local",
            ["llm.model"] = "m",
            ["llm.provider"] = "openai",
        });

        var llm = text.IndexOf("[llm]", StringComparison.Ordinal);
        var provider = text.IndexOf("provider = \"openai\"", StringComparison.Ordinal);
        var model = text.IndexOf("model = \"m\"", StringComparison.Ordinal);
        var sandbox = text.IndexOf("[sandbox]", StringComparison.Ordinal);
        Assert.True(llm >= 0 && llm < provider && provider < model && model < sandbox, text);
        Assert.Contains("# Root model, which drives the agent.", text, StringComparison.Ordinal);
    }
}
