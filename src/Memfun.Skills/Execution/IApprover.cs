namespace Memfun.Skills.Execution;

/// <summary>Asks the user whether a skill or agent may do something its trust tier does not allow without asking.</summary>
public interface IApprover
{
    /// <summary>Returns whether <paramref name="who"/> may do <paramref name="action"/> (for example <c>run `git log`</c>).</summary>
    ValueTask<bool> ApproveAsync(string who, string action, CancellationToken cancellationToken = default);
}
