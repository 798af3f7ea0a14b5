namespace Memfun.Optimizer.Programs;

/// <summary>How an optimized program was found: when, on what, and the scores before and after.</summary>
/// <param name="CreatedAt">When it was saved.</param>
/// <param name="Model">The root model it was tuned for.</param>
/// <param name="Suites">The eval suites it was tuned on.</param>
/// <param name="Trials">Search trials run.</param>
/// <param name="BaselineScore">The full validation score of the program it replaced.</param>
/// <param name="Score">Its full validation score.</param>
/// <param name="InstructionIndex">The chosen instruction candidate (0: the unchanged instructions).</param>
/// <param name="DemoSetIndex">The chosen demo set (0: no demos).</param>
public sealed record OptimizationRecord(DateTimeOffset CreatedAt, string Model, IReadOnlyList<string> Suites, int Trials, double BaselineScore, double Score,
    int InstructionIndex, int DemoSetIndex);
