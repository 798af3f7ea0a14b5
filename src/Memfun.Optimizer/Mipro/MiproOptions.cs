namespace Memfun.Optimizer.Mipro;

/// <summary>The bounds of a MIPROv2 search (defaults after DSPy's <c>light</c> setting, scaled to agent runs).</summary>
public sealed record MiproOptions
{
    /// <summary>Gets the most search trials (the unchanged program is trial 1).</summary>
    public int Trials { get; init; } = 12;

    /// <summary>Gets the tasks scored per trial.</summary>
    public int Minibatch { get; init; } = 8;

    /// <summary>Gets how often (in trials) the best-averaging candidate is scored on every task.</summary>
    public int FullEvalEvery { get; init; } = 5;

    /// <summary>Gets the instruction candidates the model proposes (besides the unchanged instructions).</summary>
    public int InstructionCandidates { get; init; } = 4;

    /// <summary>Gets the demo sets built from successful runs (besides the empty set).</summary>
    public int DemoSets { get; init; } = 3;

    /// <summary>Gets the most demos in a set.</summary>
    public int MaxDemos { get; init; } = 3;

    /// <summary>Gets the score a run needs for its trace to become a demo.</summary>
    public double SuccessThreshold { get; init; } = 1.0;

    /// <summary>Gets the seed of the sampler, the minibatches and the demo sets.</summary>
    public int Seed { get; init; } = 9;
}
