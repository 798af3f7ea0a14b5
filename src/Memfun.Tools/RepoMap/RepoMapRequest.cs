namespace Memfun.Tools.RepoMap;

/// <summary>What the repository map should focus on and how large it may be.</summary>
public sealed record RepoMapRequest
{
    /// <summary>Gets files the task is about (relative to the root); their neighbours rank higher and they are not listed.</summary>
    public IReadOnlyList<string> FocusFiles { get; init; } = [];

    /// <summary>Gets identifiers the task mentions; files defining or using them rank higher.</summary>
    public IReadOnlyList<string> Identifiers { get; init; } = [];

    /// <summary>Gets the token budget of the rendered map (about four characters per token).</summary>
    public int TokenBudget { get; init; } = 1024;
}
