namespace Memfun.Tools.RepoMap;

/// <summary>Personalised PageRank over a weighted directed graph given as adjacency lists.</summary>
internal static class PageRank
{
    public static double[] Compute(IReadOnlyList<Dictionary<int, double>> edges, double[]? personalization, double damping = 0.85, int iterations = 40)
    {
        var n = edges.Count;
        if (n == 0)
        {
            return [];
        }

        var teleport = new double[n];
        var personalTotal = personalization?.Sum() ?? 0;
        for (var i = 0; i < n; i++)
        {
            teleport[i] = personalTotal > 0 ? personalization![i] / personalTotal : 1.0 / n;
        }

        var outWeight = edges.Select(e => e.Values.Sum()).ToArray();
        var rank = (double[])teleport.Clone();
        var next = new double[n];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var dangling = 0.0;
            Array.Clear(next);
            for (var source = 0; source < n; source++)
            {
                if (outWeight[source] == 0)
                {
                    dangling += rank[source];
                    continue;
                }

                var share = rank[source] / outWeight[source];
                foreach (var (target, weight) in edges[source])
                {
                    next[target] += share * weight;
                }
            }

            var delta = 0.0;
            for (var i = 0; i < n; i++)
            {
                var value = (damping * (next[i] + (dangling * teleport[i]))) + ((1 - damping) * teleport[i]);
                delta += Math.Abs(value - rank[i]);
                rank[i] = value;
            }

            if (delta < 1e-9)
            {
                break;
            }
        }

        return rank;
    }
}
