using Memfun.Runtime;
using Memfun.Runtime.Nats;
using Memfun.Runtime.Redis;

namespace Memfun.Cli.Infrastructure;

/// <summary>The runtime builder every command starts from: it can open every tier that <c>[backend] tier</c> names.</summary>
internal static class RuntimeTiers
{
    public static RuntimeBuilder NewBuilder() => new RuntimeBuilder().AddRedisTier().AddNatsTier();
}
