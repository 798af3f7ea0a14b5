using Memfun.Runtime;
using Memfun.Runtime.Nats;
using Memfun.Runtime.Redis;

namespace Memfun.Hosting;

/// <summary>The runtime builder every host starts from: it can open every tier that <c>[backend] tier</c> names.</summary>
public static class RuntimeTiers
{
    /// <summary>Returns a builder with the Redis and NATS tiers added (memory and SQLite are built in).</summary>
    public static RuntimeBuilder NewBuilder() => AddTiers(new RuntimeBuilder());

    /// <summary>Adds the Redis and NATS tiers to <paramref name="builder"/>.</summary>
    /// <param name="builder">The builder.</param>
    public static RuntimeBuilder AddTiers(RuntimeBuilder builder) => builder.AddRedisTier().AddNatsTier();
}
