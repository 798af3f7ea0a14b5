using Memfun.Runtime.Conformance;

namespace Memfun.Runtime.Redis.Tests;

public sealed class RedisEventBusTests : EventBusConformanceTests<RedisTier>;

public sealed class RedisStateStoreTests : StateStoreConformanceTests<RedisTier>;

public sealed class RedisAgentRegistryTests : AgentRegistryConformanceTests<RedisTier>;

public sealed class RedisSessionManagerTests : SessionManagerConformanceTests<RedisTier>;

public sealed class RedisSkillRegistryTests : SkillRegistryConformanceTests<RedisTier>;

public sealed class RedisHealthMonitorTests : HealthMonitorConformanceTests<RedisTier>;

public sealed class RedisAgentRuntimeTests : AgentRuntimeConformanceTests<RedisTier>;

public sealed class RedisConformanceCoverageTests
{
    [Fact]
    public void EveryTierInThisAssembly_RunsEverySuite() =>
        Assert.Empty(ConformanceCoverage.Missing(typeof(RedisConformanceCoverageTests).Assembly));
}
