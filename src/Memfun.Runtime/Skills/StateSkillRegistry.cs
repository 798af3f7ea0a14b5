using Memfun.Runtime.Internal;
using Memfun.Runtime.State;

namespace Memfun.Runtime.Skills;

/// <summary>The skill registry on any tier's state store; search scores query terms against names and descriptions.</summary>
public sealed class StateSkillRegistry(IStateStore store) : ISkillRegistry
{
    private const string Prefix = "runtime/skills/";

    /// <inheritdoc />
    public async ValueTask RegisterAsync(SkillInfo skill, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(skill);
        ArgumentException.ThrowIfNullOrEmpty(skill.Name);
        await store.SetAsync(Prefix + skill.Name, StateJson.Serialize(skill), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<bool> DeregisterAsync(string name, CancellationToken cancellationToken = default) =>
        store.DeleteAsync(Prefix + name, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<SkillInfo?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        (await StateJson.GetAsync<SkillInfo>(store, Prefix + name, cancellationToken).ConfigureAwait(false))?.Value;

    /// <inheritdoc />
    public IAsyncEnumerable<SkillInfo> ListAsync(CancellationToken cancellationToken = default) =>
        StateJson.ListAsync<SkillInfo>(store, Prefix, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<SkillMatch>> SearchAsync(string query, int limit = 10, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var skills = new List<SkillInfo>();
        await foreach (var skill in ListAsync(cancellationToken).ConfigureAwait(false))
        {
            skills.Add(skill);
        }

        return SkillSearch.Rank(skills, query, limit);
    }
}
