namespace Memfun.Tools.Changes;

/// <summary>One file of a <see cref="Patch"/>.</summary>
/// <param name="Path">The project-relative path.</param>
/// <param name="BaseHash">The <see cref="Files.ContentHash"/> of the file the change was made against; null when it did not exist.</param>
/// <param name="Content">The file's whole new content.</param>
public sealed record PatchFile(string Path, string? BaseHash, string Content);
