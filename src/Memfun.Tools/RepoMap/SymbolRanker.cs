namespace Memfun.Tools.RepoMap;

/// <summary>
/// Ranks symbol definitions as Aider does: a file graph whose edges go from a file that uses an identifier to the
/// files that define it, personalised PageRank over it, and each file's rank spread over the definitions it points to.
/// </summary>
internal static class SymbolRanker
{
    private const int MaxDefinersPerName = 50;

    /// <summary>Returns the definitions of every file not in <paramref name="focus"/>, highest rank first.</summary>
    /// <param name="entries">The analysed files.</param>
    /// <param name="focus">Files the task is about: they personalise the rank and are not listed.</param>
    /// <param name="identifiers">Identifiers the task mentions: their definitions weigh more.</param>
    public static List<RankedSymbol> Rank(List<FileEntry> entries, HashSet<string> focus, HashSet<string> identifiers)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            index[entries[i].Path] = i;
        }

        var definers = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            foreach (var name in entries[i].Tags.Select(t => t.Name).Distinct(StringComparer.Ordinal))
            {
                if (!definers.TryGetValue(name, out var list))
                {
                    definers[name] = list = [];
                }

                list.Add(i);
            }
        }

        var edges = entries.Select(_ => new Dictionary<int, double>()).ToList();
        var identEdges = entries.Select(_ => new List<(int Target, string Name, double Weight)>()).ToArray();
        for (var source = 0; source < entries.Count; source++)
        {
            foreach (var (name, count) in entries[source].References)
            {
                // A name defined almost everywhere (ToString, Dispose, Operation1) says nothing about which file
                // matters, and its edges would grow with files × definers; leave it out of the graph.
                if (!definers.TryGetValue(name, out var targets) || targets.Count > MaxDefinersPerName)
                {
                    continue;
                }

                // Aider's weighting: mentioned identifiers count more, private and ubiquitous names less.
                var multiplier = identifiers.Contains(name) ? 10.0 : 1.0;
                if (name.StartsWith('_') || targets.Count > 5)
                {
                    multiplier *= 0.1;
                }

                var weight = multiplier * Math.Sqrt(count);
                var sourceEdges = edges[source];
                foreach (var target in targets)
                {
                    if (target != source)
                    {
                        sourceEdges[target] = sourceEdges.GetValueOrDefault(target) + weight;
                        identEdges[source].Add((target, name, weight));
                    }
                }
            }
        }

        var personalization = new double[entries.Count];
        foreach (var file in focus)
        {
            if (index.TryGetValue(file, out var i))
            {
                personalization[i] += 1;
            }
        }

        foreach (var name in identifiers)
        {
            foreach (var i in definers.GetValueOrDefault(name) ?? [])
            {
                personalization[i] += 1;
            }
        }

        var ranks = PageRank.Compute(edges, personalization.Any(p => p > 0) ? personalization : null);

        // Spread each file's rank over the definitions it points to, in proportion to edge weight.
        var symbolRank = new Dictionary<(int File, string Name), double>();
        for (var source = 0; source < entries.Count; source++)
        {
            var total = edges[source].Values.Sum();
            if (total == 0)
            {
                continue;
            }

            foreach (var (target, name, weight) in identEdges[source])
            {
                symbolRank[(target, name)] = symbolRank.GetValueOrDefault((target, name)) + (ranks[source] * weight / total);
            }
        }

        var ranked = new List<RankedSymbol>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (focus.Contains(entries[i].Path))
            {
                continue;
            }

            foreach (var tag in entries[i].Tags)
            {
                // Symbols nobody references still show in rank order of their file, after referenced ones.
                var rank = symbolRank.GetValueOrDefault((i, tag.Name)) + (ranks[i] * 1e-3) + (identifiers.Contains(tag.Name) ? 1 : 0);
                ranked.Add(new RankedSymbol(entries[i], tag, rank));
            }
        }

        ranked.Sort((a, b) => b.Rank.CompareTo(a.Rank));
        return ranked;
    }
}
