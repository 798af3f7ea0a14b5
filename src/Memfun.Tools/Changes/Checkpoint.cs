namespace Memfun.Tools.Changes;

/// <summary>The record of one applied patch, which <c>memfun undo</c> restores.</summary>
/// <param name="Id">The checkpoint's id: the run's id and the time of the apply.</param>
/// <param name="RunId">The run whose patch was applied.</param>
/// <param name="AppliedAt">When it was applied.</param>
/// <param name="Files">The files written.</param>
public sealed record Checkpoint(string Id, string RunId, DateTimeOffset AppliedAt, IReadOnlyList<CheckpointFile> Files);
