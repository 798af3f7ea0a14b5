namespace Memfun.Runtime.Skills;

/// <summary>
/// The ranking every skill search uses: query terms scored against skill names and descriptions. Registries search
/// what they hold with it; <c>memfun skill search</c> ranks the discovered skills with it directly.
/// </summary>
public static class SkillSearch
{
    private const string Separators = " -_.,;:/()\t\n";

    /// <summary>Returns the skills that match <paramref name="query"/>, best first (ties by name), at most <paramref name="limit"/>.</summary>
    /// <remarks>
    /// A name equal to the whole query scores 100. Each term adds 10 for a whole word of the name, else 5 for a word it
    /// starts, plus 1 + ln(hits) for its hits in the description (a word equal to it, or starting with it when it has
    /// four letters or more).
    /// </remarks>
    public static IReadOnlyList<SkillMatch> Rank(IEnumerable<SkillInfo> skills, string query, int limit = 10)
    {
        ArgumentNullException.ThrowIfNull(skills);
        ArgumentNullException.ThrowIfNull(query);
        var terms = Words(query);
        var matches = new List<SkillMatch>();
        if (terms.Count == 0)
        {
            return matches;
        }

        foreach (var skill in skills)
        {
            var score = Score(skill, query.Trim(), terms);
            if (score > 0)
            {
                matches.Add(new SkillMatch(skill, score));
            }
        }

        // Sorted in place, not with LINQ's ordering, whose sorter over scores is compiled at run time (issue 20).
        matches.Sort(static (a, b) => b.Score.CompareTo(a.Score) is var byScore and not 0 ? byScore : string.CompareOrdinal(a.Skill.Name, b.Skill.Name));
        if (matches.Count > limit)
        {
            matches.RemoveRange(limit, matches.Count - limit);
        }

        return matches;
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
            else if (nameWords.Exists(w => w.StartsWith(term, StringComparison.Ordinal)))
            {
                score += 5;
            }

            // Each description hit counts, with diminishing returns so long descriptions do not win by length.
            var hits = 0;
            foreach (var word in descriptionWords)
            {
                hits += word == term || (term.Length >= 4 && word.StartsWith(term, StringComparison.Ordinal)) ? 1 : 0;
            }

            score += hits == 0 ? 0 : 1 + Math.Log(hits);
        }

        return score;
    }

    // The lower-case words between separators (a loop: splitting on a dozen separators builds a search map at run time).
    private static List<string> Words(string text)
    {
        var lower = text.ToLowerInvariant();
        var words = new List<string>();
        var start = 0;
        for (var i = 0; i <= lower.Length; i++)
        {
            if (i == lower.Length || Separators.Contains(lower[i], StringComparison.Ordinal))
            {
                if (i > start)
                {
                    words.Add(lower[start..i]);
                }

                start = i + 1;
            }
        }

        return words;
    }
}
