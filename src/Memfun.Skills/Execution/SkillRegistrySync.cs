using Memfun.Runtime.Skills;
using Memfun.Skills.Discovery;

namespace Memfun.Skills.Execution;

/// <summary>Keeps the runtime's <see cref="ISkillRegistry"/> equal to a discovered catalogue (the winners only).</summary>
public static class SkillRegistrySync
{
    /// <summary>Registers every skill of <paramref name="catalog"/> and removes registered skills it no longer has.</summary>
    public static async Task SyncAsync(ISkillRegistry registry, SkillCatalog catalog, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(catalog);
        var names = catalog.Skills.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        await foreach (var stale in registry.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!names.Contains(stale.Name))
            {
                await registry.DeregisterAsync(stale.Name, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var skill in catalog.Skills)
        {
            await registry.RegisterAsync(skill.ToInfo(), cancellationToken).ConfigureAwait(false);
        }
    }
}
