
namespace Memfun.Runtime.Redis;

/// <summary>Plugs the Redis tier into a <see cref="RuntimeBuilder"/>.</summary>
public static class RedisRuntimeBuilderExtensions
{
    /// <summary>Uses the Redis tier (T2).</summary>
    public static RuntimeBuilder UseRedis(this RuntimeBuilder builder, RedisBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        return builder.UseBackend(async (time, token) => await RedisBackend.ConnectAsync(options, time, cancellationToken: token).ConfigureAwait(false));
    }

    /// <summary>Lets <see cref="RuntimeBuilder.UseSettings"/> choose the Redis tier (<c>[backend] tier = "redis"</c>).</summary>
    public static RuntimeBuilder AddRedisTier(this RuntimeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddTier(BackendTier.Redis, (b, settings) => b.UseRedis(new RedisBackendOptions { Url = settings.RedisUrl, Namespace = settings.Namespace }));
    }
}
