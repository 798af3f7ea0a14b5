namespace Memfun.Skills.Agents;

/// <summary>The limits of delegation between agents.</summary>
public sealed record DelegationOptions
{
    /// <summary>Gets the deepest chain of hand-offs (a user's task is depth 0). Default 3.</summary>
    public int MaxDepth { get; init; } = 3;

    /// <summary>Gets the most sub-tasks one request may hand out along a chain. Default 8.</summary>
    public int MaxDelegations { get; init; } = 8;

    /// <summary>Gets how long one delegated task may take. Default 10 minutes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);
}
