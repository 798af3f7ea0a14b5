namespace Memfun.Agent.Verification;

/// <summary>The project's tests run before and after a run's change, in the run's workspace.</summary>
/// <param name="Command">The test command.</param>
/// <param name="Before">The tests on the project as it was.</param>
/// <param name="After">The tests with the staged change; null when the run staged nothing.</param>
public sealed record TestVerification(TestCommand Command, TestReport Before, TestReport? After)
{
    /// <summary>Gets a value indicating whether the change leaves more tests failing than before (or turns passing tests into failing ones).</summary>
    public bool Regressed => After is { } after && !after.Succeeded && (Before.Succeeded || (after.Failed ?? int.MaxValue) > (Before.Failed ?? int.MaxValue));

    /// <summary>Gets the one-line comparison shown beside the diff: "3 failed → 0 failed (python3 -m unittest)".</summary>
    public string Summary => $"{Before.Summary} → {After?.Summary ?? "not run (no change)"} ({Command.Command})";
}
