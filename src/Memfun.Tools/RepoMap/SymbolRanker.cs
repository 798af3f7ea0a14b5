namespace Memfun.Tools.RepoMap;

/// <summary>
/// Ranks symbol definitions as Aider does: a file graph whose edges go from a file that uses an identifier to the
/// files that define it, personalised PageRank over it, and each file's rank spread over the definitions it points to.
/// </summary>
/// <remarks>
/// The question-independent graph comes from <see cref="SymbolGraph"/>; a question only reweights the edges of the names it
/// mentions (ten times) and personalises the rank, so it costs PageRank and one pass over the uses and tags.
/// </remarks>
internal static class SymbolRanker
{
    /// <summary>Returns the definitions of every file not in <paramref name="focus"/>, highest rank first (ties in file and line order), each made when enumerated.</summary>
    /// <param name="graph">The analysed files and their graph.</param>
    /// <param name="focus">Files the task is about: they personalise the rank and are not listed.</param>
    /// <param name="identifiers">Identifiers the task mentions: their definitions weigh more.</param>
    public static IEnumerable<RankedSymbol> Rank(SymbolGraph graph, HashSet<string> focus, HashSet<string> identifiers)
    {
        var entries = graph.Entries;
        var mentioned = new bool[graph.Names.Count];
        var personalization = new double[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            if (focus.Contains(entries[i].Path))
            {
                personalization[i] += 1;
            }
        }

        var weights = graph.EdgeWeight;
        foreach (var name in identifiers)
        {
            if (!graph.Names.TryGetValue(name, out var id))
            {
                continue;
            }

            mentioned[id] = true;
            foreach (var i in graph.Definers[id])
            {
                personalization[i] += 1;
            }

            // A mentioned name's uses weigh ten times their base weight: add the nine missing times to their edges.
            for (var u = graph.UserStart[id]; u < graph.UserStart[id + 1]; u++)
            {
                var source = graph.UserFile[u];
                foreach (var target in graph.Definers[id])
                {
                    if (target != source)
                    {
                        weights = ReferenceEquals(weights, graph.EdgeWeight) ? (double[])weights.Clone() : weights;
                        var edge = Array.BinarySearch(graph.EdgeTarget, graph.EdgeStart[source], graph.EdgeStart[source + 1] - graph.EdgeStart[source], target);
                        if (edge >= 0)
                        {
                            weights[edge] += 9 * graph.UserWeight[u];
                        }
                    }
                }
            }
        }

        var ranks = PageRank.Compute(graph.EdgeStart, graph.EdgeTarget, weights, personalization.Any(p => p > 0) ? personalization : null, out var outWeight);

        // Spread each file's rank over the definitions it points to, in proportion to edge weight. A use of a name
        // sends the same share to every other definer of it, so the shares are summed per name (one pass over the
        // uses) and a definer that uses the name itself takes its own share back out.
        var share = new double[graph.UseName.Length];
        var byName = new double[graph.Names.Count];
        for (var source = 0; source < entries.Count; source++)
        {
            if (outWeight[source] == 0)
            {
                continue;
            }

            for (var u = graph.UseStart[source]; u < graph.UseStart[source + 1]; u++)
            {
                var id = graph.UseName[u];
                share[u] = ranks[source] * graph.UseWeight[u] * (mentioned[id] ? 10 : 1) / outWeight[source];
                byName[id] += share[u];
            }
        }

        var keys = new double[graph.TagCount];
        var order = new int[graph.TagCount];
        var fileOf = new int[graph.TagCount];
        var listed = 0;
        var own = new double[graph.Names.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            if (focus.Contains(entries[i].Path))
            {
                continue;
            }

            for (var u = graph.UseStart[i]; u < graph.UseStart[i + 1]; u++)
            {
                own[graph.UseName[u]] = share[u];
            }

            for (var t = graph.TagStart[i]; t < graph.TagStart[i + 1]; t++)
            {
                // Symbols nobody references still show in rank order of their file, after referenced ones.
                var id = graph.TagName(t);
                var symbolRank = own[id] == 0 ? byName[id] : byName[id] - own[id];
                (keys[listed], order[listed], fileOf[t]) = (-(symbolRank + (ranks[i] * 1e-3) + (mentioned[id] ? 1 : 0)), t, i);
                listed++;
            }

            for (var u = graph.UseStart[i]; u < graph.UseStart[i + 1]; u++)
            {
                own[graph.UseName[u]] = 0;
            }
        }

        // Highest rank first; equal ranks (a file's unreferenced symbols) in file and line order.
        Array.Sort(keys, order, 0, listed);
        for (var run = 0; run < listed;)
        {
            var end = run + 1;
            while (end < listed && keys[end] == keys[run])
            {
                end++;
            }

            Array.Sort(order, run, end - run);
            run = end;
        }

        return order.Take(listed).Select((t, k) => new RankedSymbol(entries[fileOf[t]], graph.Tag(t), -keys[k]));
    }
}
