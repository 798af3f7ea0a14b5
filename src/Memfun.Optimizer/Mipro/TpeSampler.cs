namespace Memfun.Optimizer.Mipro;

/// <summary>
/// A Tree-structured Parzen Estimator over categorical parameters, as MIPROv2 uses through Optuna: after a few random
/// start-up trials, the observations are split into the best γ and the rest, each parameter's choices get a smoothed
/// frequency under both (l and g), and of candidates drawn from l the one with the highest l/g is proposed.
/// </summary>
/// <remarks>Deterministic for a seed. Not thread-safe: one search at a time.</remarks>
public sealed class TpeSampler
{
    private const double Gamma = 0.25;
    private const double Prior = 1.0;
    private const int Candidates = 24;

    private readonly IReadOnlyList<int> _sizes;
    private readonly List<(int[] Choice, double Score)> _observations = [];
    private readonly Random _random;
    private readonly int _startupTrials;

    /// <summary>Creates a sampler over parameters with <paramref name="sizes"/> choices each.</summary>
    /// <param name="sizes">How many choices each parameter has.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="startupTrials">Random trials before the model is used.</param>
    public TpeSampler(IReadOnlyList<int> sizes, int seed, int startupTrials = 3)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Count == 0 || sizes.Any(s => s < 1))
        {
            throw new ArgumentException("Every parameter needs at least one choice.", nameof(sizes));
        }

        _sizes = sizes;
        _random = new Random(seed);
        _startupTrials = startupTrials;
    }

    /// <summary>Gets the observations so far.</summary>
    public IReadOnlyList<(int[] Choice, double Score)> Observations => _observations;

    /// <summary>Records a trial's score (higher is better).</summary>
    public void Tell(int[] choice, double score)
    {
        ArgumentNullException.ThrowIfNull(choice);
        _observations.Add(((int[])choice.Clone(), score));
    }

    /// <summary>Proposes the next choice: random (preferring untried) during start-up, then the best l/g of candidates drawn from l.</summary>
    public int[] Ask()
    {
        if (_observations.Count < _startupTrials)
        {
            var untried = AllChoices().Where(c => !_observations.Any(o => o.Choice.SequenceEqual(c))).ToList();
            return untried.Count > 0 ? untried[_random.Next(untried.Count)] : Random();
        }

        // One point per distinct choice (its mean score): a choice re-scored on many minibatches must not crowd the
        // good set, or the search locks onto the first decent choice and never looks at its neighbours.
        var distinct = _observations.GroupBy(o => string.Join(',', o.Choice), StringComparer.Ordinal)
            .Select(g => (Choice: g.First().Choice, Score: g.Average(o => o.Score), Tries: g.Count()))
            .OrderByDescending(o => o.Score).ToList();
        var goodCount = Math.Max(1, (int)Math.Ceiling(distinct.Count * Gamma));
        var l = Densities([.. distinct.Take(goodCount).Select(o => o.Choice)]);
        var g = Densities([.. distinct.Skip(goodCount).Select(o => o.Choice)]);
        var tries = distinct.ToDictionary(o => string.Join(',', o.Choice), o => o.Tries, StringComparer.Ordinal);
        int[]? best = null;
        var bestScore = double.NegativeInfinity;
        for (var n = 0; n < Candidates; n++)
        {
            var candidate = _sizes.Select((_, p) => Draw(l[p])).ToArray();
            // log l/g, less a little for every time the choice was already tried: re-scoring is worth less than a new point.
            var score = Enumerable.Range(0, _sizes.Count).Sum(p => Math.Log(l[p][candidate[p]]) - Math.Log(g[p][candidate[p]]))
                - Math.Log(1 + tries.GetValueOrDefault(string.Join(',', candidate)));
            if (score > bestScore)
            {
                (best, bestScore) = (candidate, score);
            }
        }

        return best!;
    }

    private double[][] Densities(List<int[]> choices) =>
        [.. _sizes.Select((size, p) =>
        {
            var counts = new double[size];
            foreach (var choice in choices)
            {
                counts[choice[p]]++;
            }

            return counts.Select(c => (c + Prior) / (choices.Count + (Prior * size))).ToArray();
        })];

    private int Draw(double[] density)
    {
        var pick = _random.NextDouble();
        for (var i = 0; i < density.Length; i++)
        {
            pick -= density[i];
            if (pick <= 0)
            {
                return i;
            }
        }

        return density.Length - 1;
    }

    private int[] Random() => [.. _sizes.Select(s => _random.Next(s))];

    private IEnumerable<int[]> AllChoices()
    {
        IEnumerable<int[]> all = [[]];
        foreach (var size in _sizes)
        {
            all = all.SelectMany(prefix => Enumerable.Range(0, size).Select(i => (int[])[.. prefix, i]));
        }

        return all;
    }
}
