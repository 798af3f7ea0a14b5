using Memfun.Runtime.Conformance;

namespace Memfun.Runtime.Nats.Tests;

public sealed class NatsEventBusTests : EventBusConformanceTests<NatsTier>;

public sealed class NatsStateStoreTests : StateStoreConformanceTests<NatsTier>;

public sealed class NatsAgentRegistryTests : AgentRegistryConformanceTests<NatsTier>;

public sealed class NatsSessionManagerTests : SessionManagerConformanceTests<NatsTier>;

public sealed class NatsSkillRegistryTests : SkillRegistryConformanceTests<NatsTier>;

public sealed class NatsHealthMonitorTests : HealthMonitorConformanceTests<NatsTier>;

public sealed class NatsAgentRuntimeTests : AgentRuntimeConformanceTests<NatsTier>;

public sealed class NatsConformanceCoverageTests
{
    [Fact]
    public void EveryTierInThisAssembly_RunsEverySuite() =>
        Assert.Empty(ConformanceCoverage.Missing(typeof(NatsConformanceCoverageTests).Assembly));
}
