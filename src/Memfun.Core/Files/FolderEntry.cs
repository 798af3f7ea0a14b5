namespace Memfun.Core.Files;

/// <summary>One entry of a folder.</summary>
/// <param name="Path">The entry's full path: the folder's path joined with its name.</param>
/// <param name="Kind">What it is, links not followed.</param>
/// <remarks>A class, not a struct: a list of another assembly's structs is compiled at run time even in a ReadyToRun build (issue 20).</remarks>
public sealed record FolderEntry(string Path, FolderEntryKind Kind);
