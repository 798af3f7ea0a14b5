namespace Memfun.Sandbox.Local;

/// <summary>Telling whether a file changed, and where the local sandbox keeps what it remembers between runs.</summary>
internal static class HostFiles
{
    /// <summary>A file's identity for a cache: its path, size and modification time; null when it is gone.</summary>
    public static string? Stamp(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? $"{file.FullName}|{file.Length}|{file.LastWriteTimeUtc.Ticks}" : null;
    }

    /// <summary>Returns the path of <paramref name="name"/> in <c>$XDG_CACHE_HOME/memfun</c> (or <c>~/.cache/memfun</c>).</summary>
    public static string CacheFile(string name)
    {
        var cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cacheHome) || !Path.IsPathRooted(cacheHome))
        {
            cacheHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }

        return Path.Combine(cacheHome, "memfun", name);
    }
}
