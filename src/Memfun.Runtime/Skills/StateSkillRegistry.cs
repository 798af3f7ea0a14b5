using Memfun.Runtime.Internal;
using Memfun.Runtime.State;

namespace Memfun.Runtime.Skills;

/// <summary>The skill registry on any tier's state store; search scores query terms against names and descriptions.</summary>
public sealed class StateSkillRegistry(IStateStore store) : ISkillRegistry
{
    private const string Prefix = "runtime/skills/";
    private static readonly char[] Separators = [' ', '-', '_', '.', ',', ';', ':', '/', '(', ')', '\t', '\n'];

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
        var terms = Words(query);
        var matches = new List<SkillMatch>();
        if (terms.Count == 0)
        {
            return matches;
        }

        await foreach (var skill in ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var score = Score(skill, query.Trim(), terms);
            if (score > 0)
            {
                matches.Add(new SkillMatch(skill, score));
            }
        }

        return matches.OrderByDescending(m => m.Score).ThenBy(m => m.Skill.Name, StringComparer.Ordinal).Take(limit).ToList();
    }

    private static double Score(SkillInfo skill, string query, IReadOnlyList<string> terms)
    {
        if (string.Equals(skill.Name, query, StringComparison.OrdinalIgnoreCase))
        {
            return 100;
        }

        var nameWords = Words(skill.Name);
        var descriptionWords = Words(skill.Description);
        double score = 0;
        foreach (var term in terms)
        {
            if (nameWords.Contains(term))
            {
                score += 10;
            }
            else if (nameWords.Any(w => w.StartsWith(term, StringComparison.Ordinal)))
            {
                score += 5;
            }

            // Each description hit counts, with diminishing returns so long descriptions do not win by length.
            var hits = descriptionWords.Count(w => w == term || (term.Length >= 4 && w.StartsWith(term, StringComparison.Ordinal)));
            score += hits == 0 ? 0 : 1 + Math.Log(hits);
        }

        return score;
    }

    private static List<string> Words(string text) =>
        text.ToLowerInvariant().Split(Separators, StringSplitOptions.RemoveEmptyEntries).ToList();
}
