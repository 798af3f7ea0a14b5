using Memfun.Hosting.Configuration;
using Memfun.Testing;

namespace Memfun.Hosting.Tests.Configuration;

public sealed class ConfigDocsTests
{
    [Fact]
    public void ConfigurationReference_DocumentsEveryKeyAndItsEnvironmentVariable()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "configuration.md"));

        Assert.All(ConfigSchema.Keys, key =>
        {
            Assert.Contains($"| `{key.Path}` |", docs, StringComparison.Ordinal);
            if (key.EnvironmentVariable is { } variable)
            {
                Assert.Contains($"`{variable}`", docs, StringComparison.Ordinal);
            }
        });
    }
}
