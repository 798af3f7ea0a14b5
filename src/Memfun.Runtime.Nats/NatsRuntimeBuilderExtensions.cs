
namespace Memfun.Runtime.Nats;

/// <summary>Plugs the NATS tier into a <see cref="RuntimeBuilder"/>.</summary>
public static class NatsRuntimeBuilderExtensions
{
    /// <summary>Uses the NATS JetStream tier (T3).</summary>
    public static RuntimeBuilder UseNats(this RuntimeBuilder builder, NatsBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        return builder.UseBackend(async (time, token) => await NatsBackend.ConnectAsync(options, time, cancellationToken: token).ConfigureAwait(false));
    }

    /// <summary>Lets <see cref="RuntimeBuilder.UseSettings"/> choose the NATS tier (<c>[backend] tier = "nats"</c>).</summary>
    public static RuntimeBuilder AddNatsTier(this RuntimeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddTier(BackendTier.Nats, (b, settings) => b.UseNats(new NatsBackendOptions { Url = settings.NatsUrl, Namespace = settings.Namespace }));
    }
}
