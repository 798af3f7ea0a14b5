namespace Memfun.Hosting.Remote;

/// <summary>A coding-agent command sent to a worker: what <c>ask</c>, <c>explain</c>, <c>analyze</c>, <c>review</c> or <c>fix</c> would run locally.</summary>
/// <remarks>Paths are relative to the repository root, so they mean the same in the worker's checkout.</remarks>
public sealed record RemoteTask
{
    /// <summary>The commands a worker's coding agent carries out.</summary>
    public static IReadOnlyList<string> Commands { get; } = ["ask", "explain", "analyze", "review", "fix"];

    /// <summary>Gets the command: <c>ask</c>, <c>explain</c>, <c>analyze</c>, <c>review</c> or <c>fix</c>.</summary>
    public required string Command { get; init; }

    /// <summary>Gets the question (<c>ask</c>), the target (<c>explain</c>) or the bug (<c>fix</c>).</summary>
    public string Text { get; init; } = "";

    /// <summary>Gets who an explanation is for (<c>explain</c>).</summary>
    public string? Audience { get; init; }

    /// <summary>Gets the folder to analyse, relative to the repository root (<c>analyze</c>; null: the whole repository).</summary>
    public string? Path { get; init; }

    /// <summary>Gets the parts of the repository to analyse together, relative to its root (<c>analyze --fan-out</c>; overrides <see cref="Path"/>).</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Gets the submitter's directory relative to the repository root, against which <see cref="Text"/> and <see cref="Path"/> were given.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Gets a value indicating whether to review the staged changes (<c>review</c>).</summary>
    public bool Staged { get; init; }

    /// <summary>Gets the ref range to review (<c>review</c>).</summary>
    public string? Range { get; init; }

    /// <summary>Gets the commit the submitter's checkout is at; the worker's checkout must be at the same commit.</summary>
    public string? Commit { get; init; }
}
