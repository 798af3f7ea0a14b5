using Memfun.Runtime.Conformance;

namespace Memfun.Runtime.Tests;

public sealed class SqliteEventBusTests : EventBusConformanceTests<SqliteTier>;

public sealed class SqliteStateStoreTests : StateStoreConformanceTests<SqliteTier>;
