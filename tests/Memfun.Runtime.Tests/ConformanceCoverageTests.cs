using Memfun.Runtime.Conformance;

namespace Memfun.Runtime.Tests;

public sealed class ConformanceCoverageTests
{
    [Fact]
    public void EveryTierInThisAssembly_RunsEverySuite() =>
        Assert.Empty(ConformanceCoverage.Missing(typeof(ConformanceCoverageTests).Assembly));

    [Fact]
    public void TheSuiteListIsDiscovered() =>
        Assert.Contains(ConformanceCoverage.Suites, s => s.Name.StartsWith("StateStoreConformanceTests", StringComparison.Ordinal));
}
