namespace Memfun.Skills.Execution;

/// <summary>An approver with a fixed answer: <see cref="Always"/> for <c>--yes</c>, <see cref="Never"/> when nobody can be asked.</summary>
public sealed class FixedApprover : IApprover
{
    private FixedApprover(bool answer) => Answer = answer;

    /// <summary>Gets an approver that approves everything.</summary>
    public static FixedApprover Always { get; } = new(true);

    /// <summary>Gets an approver that declines everything.</summary>
    public static FixedApprover Never { get; } = new(false);

    /// <summary>Gets the fixed answer.</summary>
    public bool Answer { get; }

    /// <inheritdoc />
    public ValueTask<bool> ApproveAsync(string who, string action, CancellationToken cancellationToken = default) => ValueTask.FromResult(Answer);
}
