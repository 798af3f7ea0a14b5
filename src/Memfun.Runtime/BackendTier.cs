namespace Memfun.Runtime;

/// <summary>The runtime tier: where events, state and sessions live.</summary>
public enum BackendTier
{
    /// <summary>T0: in-process memory; nothing survives the process.</summary>
    Memory,

    /// <summary>T1: one SQLite file under <c>.memfun/</c> (the default).</summary>
    Sqlite,

    /// <summary>T2: a Redis server.</summary>
    Redis,

    /// <summary>T3: a NATS server with JetStream.</summary>
    Nats,
}
