namespace Memfun.Tools.Changes;

/// <summary>A run's proposed change, kept beside its trace so it can be applied later (<c>memfun apply RUN_ID</c>).</summary>
/// <param name="RunId">The run that proposed it.</param>
/// <param name="CreatedAt">When the run ended.</param>
/// <param name="Files">The changed files, each with the content it was made against.</param>
public sealed record Patch(string RunId, DateTimeOffset CreatedAt, IReadOnlyList<PatchFile> Files);
