namespace Memfun.Core.Files;

/// <summary>What an entry of a folder is, as <see cref="FolderEntries"/> lists it, without following links.</summary>
public enum FolderEntryKind
{
    /// <summary>A regular file.</summary>
    File,

    /// <summary>A folder.</summary>
    Folder,

    /// <summary>A symbolic link, to whatever it points at.</summary>
    Link,

    /// <summary>A pipe, socket or device: nothing memfun reads (opening a pipe with no writer blocks).</summary>
    Other,
}
