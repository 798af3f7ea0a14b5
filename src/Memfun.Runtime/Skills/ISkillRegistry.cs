
namespace Memfun.Runtime.Skills;

/// <summary>The catalogue of skills available to agents.</summary>
public interface ISkillRegistry
{
    /// <summary>Registers a skill, replacing one of the same name.</summary>
    ValueTask RegisterAsync(SkillInfo skill, CancellationToken cancellationToken = default);

    /// <summary>Removes a skill. Returns whether it existed.</summary>
    ValueTask<bool> DeregisterAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Gets a skill by name.</summary>
    ValueTask<SkillInfo?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists every skill, by name.</summary>
    IAsyncEnumerable<SkillInfo> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Returns the skills relevant to <paramref name="query"/>, best first (name matches outrank description matches).</summary>
    ValueTask<IReadOnlyList<SkillMatch>> SearchAsync(string query, int limit = 10, CancellationToken cancellationToken = default);
}
