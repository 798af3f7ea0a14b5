namespace Memfun.Tools.Changes;

/// <summary>One file an apply changed: what it held before (to restore it) and the fingerprint of what was written (to tell whether it was edited since).</summary>
/// <param name="Path">The project-relative path.</param>
/// <param name="Before">The file's bytes before the apply; null when the apply created it.</param>
/// <param name="AfterHash">The <see cref="Files.ContentHash"/> of what the apply wrote.</param>
public sealed record CheckpointFile(string Path, byte[]? Before, string AfterHash);
