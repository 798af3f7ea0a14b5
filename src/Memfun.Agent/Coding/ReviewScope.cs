namespace Memfun.Agent.Coding;

/// <summary>Which change <c>review</c> reads.</summary>
/// <param name="Staged">Review the staged changes (<c>git diff --cached</c>).</param>
/// <param name="Range">Review a ref range such as <c>main..HEAD</c>; null for the working tree.</param>
public sealed record ReviewScope(bool Staged = false, string? Range = null)
{
    /// <summary>Gets the git arguments that produce the diff.</summary>
    public IReadOnlyList<string> GitArguments => Range is not null ? ["diff", "--no-color", Range] : Staged ? ["diff", "--no-color", "--cached"] : ["diff", "--no-color", "HEAD"];

    /// <summary>Gets a short description for messages.</summary>
    public string Description => Range is not null ? $"the range {Range}" : Staged ? "the staged changes" : "the working tree's changes (untracked files included)";
}
