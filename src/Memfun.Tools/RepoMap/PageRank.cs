namespace Memfun.Tools.RepoMap;

/// <summary>Personalised PageRank over a weighted directed graph given as compressed rows.</summary>
internal static class PageRank
{
    /// <summary>Computes the rank of every node.</summary>
    /// <param name="start">Where each node's edges start in <paramref name="target"/> (one more than nodes).</param>
    /// <param name="target">The target of each edge.</param>
    /// <param name="weight">The weight of each edge.</param>
    /// <param name="personalization">Teleport weights, or null for uniform.</param>
    /// <param name="outWeight">The total weight of each node's edges.</param>
    /// <param name="damping">The damping factor.</param>
    /// <param name="iterations">At most this many iterations (fewer once the ranks converge).</param>
    public static double[] Compute(int[] start, int[] target, double[] weight, double[]? personalization, out double[] outWeight, double damping = 0.85, int iterations = 40)
    {
        var n = start.Length - 1;
        outWeight = new double[Math.Max(n, 0)];
        if (n <= 0)
        {
            return [];
        }

        var teleport = new double[n];
        var personalTotal = personalization?.Sum() ?? 0;
        for (var i = 0; i < n; i++)
        {
            teleport[i] = personalTotal > 0 ? personalization![i] / personalTotal : 1.0 / n;
            for (var e = start[i]; e < start[i + 1]; e++)
            {
                outWeight[i] += weight[e];
            }
        }

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
                for (var e = start[source]; e < start[source + 1]; e++)
                {
                    next[target[e]] += share * weight[e];
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
