using Memfun.Runtime.Conformance;

namespace Memfun.Runtime.Tests;

public sealed class SqliteEventBusTests : EventBusConformanceTests<SqliteTier>;

public sealed class SqliteStateStoreTests : StateStoreConformanceTests<SqliteTier>;

public sealed class SqliteAgentRegistryTests : AgentRegistryConformanceTests<SqliteTier>;

public sealed class SqliteSessionManagerTests : SessionManagerConformanceTests<SqliteTier>;

public sealed class SqliteSkillRegistryTests : SkillRegistryConformanceTests<SqliteTier>;

public sealed class SqliteHealthMonitorTests : HealthMonitorConformanceTests<SqliteTier>;

public sealed class SqliteAgentRuntimeTests : AgentRuntimeConformanceTests<SqliteTier>;
