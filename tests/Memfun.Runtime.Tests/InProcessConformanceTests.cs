using Memfun.Runtime.Conformance;

namespace Memfun.Runtime.Tests;

public sealed class InProcessEventBusTests : EventBusConformanceTests<InProcessTier>;

public sealed class InProcessStateStoreTests : StateStoreConformanceTests<InProcessTier>;

public sealed class InProcessAgentRegistryTests : AgentRegistryConformanceTests<InProcessTier>;

public sealed class InProcessSessionManagerTests : SessionManagerConformanceTests<InProcessTier>;

public sealed class InProcessSkillRegistryTests : SkillRegistryConformanceTests<InProcessTier>;

public sealed class InProcessHealthMonitorTests : HealthMonitorConformanceTests<InProcessTier>;

public sealed class InProcessAgentRuntimeTests : AgentRuntimeConformanceTests<InProcessTier>;
