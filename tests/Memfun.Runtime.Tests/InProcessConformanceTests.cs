using Memfun.Runtime.Conformance;

namespace Memfun.Runtime.Tests;

public sealed class InProcessEventBusTests : EventBusConformanceTests<InProcessTier>;

public sealed class InProcessStateStoreTests : StateStoreConformanceTests<InProcessTier>;
