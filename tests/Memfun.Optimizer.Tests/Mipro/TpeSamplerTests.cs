using Memfun.Optimizer.Mipro;

namespace Memfun.Optimizer.Tests.Mipro;

/// <summary>The TPE sampler on objectives with a known optimum.</summary>
public sealed class TpeSamplerTests
{
    // Like an instruction and a demo set: each parameter's best choice adds to the score, and the optimum is both at once.
    private static double Objective(int[] c) => (c[0] == 4 ? 0.6 : 0.05 * c[0]) + (c[1] == 2 ? 0.4 : 0.05 * c[1]);

    [Fact]
    public void Tpe_FindsTheOptimum_AndConcentratesOnTheBestValues()
    {
        var sampler = new TpeSampler([6, 4], seed: 9);
        var proposals = new List<int[]>();
        for (var i = 0; i < 30; i++)
        {
            var choice = sampler.Ask();
            proposals.Add(choice);
            sampler.Tell(choice, Objective(choice));
        }

        var first = proposals.FindIndex(c => Objective(c) >= 1.0);
        Assert.True(first is >= 0 and <= 15, string.Join(" ", proposals.Select(c => $"{c[0]}{c[1]}")));
        // Uniform sampling would choose the better parameter's best value in 1 of 6 proposals; TPE concentrates on it.
        Assert.True(proposals.Skip(15).Count(c => c[0] == 4) >= 10, string.Join(" ", proposals.Select(c => $"{c[0]}{c[1]}")));
    }

    [Fact]
    public void Tpe_IsDeterministicBySeed_AndTriesEveryChoiceBeforeRepeatingDuringStartUp()
    {
        static List<string> Run(int seed)
        {
            var sampler = new TpeSampler([2, 2], seed, startupTrials: 4);
            var proposals = new List<string>();
            for (var i = 0; i < 10; i++)
            {
                var c = sampler.Ask();
                proposals.Add($"{c[0]}{c[1]}");
                sampler.Tell(c, c[0] + c[1]);
            }

            return proposals;
        }

        Assert.Equal(Run(3), Run(3));
        Assert.Equal(4, Run(3).Take(4).Distinct().Count());
    }
}
