using Memfun.Llm.Usage;

namespace Memfun.Agent.Rlm;

/// <summary>The outcome of an RLM run.</summary>
/// <param name="RunId">The run's id (its trace file name).</param>
/// <param name="Answer">The final answer; when <see cref="Answered"/> is false, the best partial answer the extract step produced.</param>
/// <param name="Termination">How the answer was produced.</param>
/// <param name="Iterations">Root iterations used.</param>
/// <param name="SubCalls">Sub-calls made, recursive runs included.</param>
/// <param name="Usage">Tokens and cost of every model call of the run.</param>
/// <param name="Elapsed">Wall-clock time.</param>
public sealed record RlmResult(string RunId, string Answer, RlmTermination Termination, int Iterations, int SubCalls, UsageTotals Usage, TimeSpan Elapsed)
{
    /// <summary>Gets whether the model submitted the answer; false when the run reached its iteration limit first.</summary>
    public bool Answered => Termination != RlmTermination.Extracted;
}
