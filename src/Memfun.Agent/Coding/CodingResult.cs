using Memfun.Tools.Files;
using Memfun.Agent.Rlm;
using Memfun.Agent.Verification;

namespace Memfun.Agent.Coding;

/// <summary>What a coding-agent command produced.</summary>
/// <param name="Run">The RLM run (answer, usage, iterations).</param>
/// <param name="Edits">The edits proposed (only <c>fix</c> proposes any), not yet written.</param>
/// <param name="Diff">The unified diff of <paramref name="Edits"/>, empty when there are none.</param>
public sealed record CodingResult(RlmResult Run, PendingEdits Edits, string Diff)
{
    /// <summary>Gets the answer, in Markdown.</summary>
    public string Answer => Run.Answer;

    /// <summary>Gets the project's tests before and after the change, when the run verified it.</summary>
    public TestVerification? Tests { get; init; }
}
