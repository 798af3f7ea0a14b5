using System.Text.Json;
using System.Text.Json.Serialization;
using Memfun.Core.Errors;
using Memfun.Core.Files;
using Memfun.Core.Processes;

namespace Memfun.Sandbox.Local;

/// <summary>The real Python interpreter (not a pyenv shim) and the prefix it needs, found once and remembered between runs.</summary>
/// <remarks>
/// Asking <c>python3</c> costs an interpreter start (half a second through a pyenv shim on a busy machine), so the answer
/// is kept in <c>$XDG_CACHE_HOME/memfun/python.json</c> (or <c>~/.cache/memfun/</c>) and reused while the
/// <c>python3</c> found on <c>PATH</c> and the interpreter it resolved to are the same files with the same modification
/// times; anything else (a new <c>PATH</c>, an upgraded interpreter, a missing or unreadable cache) asks again.
/// </remarks>
internal sealed partial record PythonInstall(string Executable, string Prefix)
{
    private const string Probe = "import json, os, sys; print(json.dumps([os.path.realpath(sys.executable), sys.base_prefix, sys.version_info[:2]]))";

    public static Task<PythonInstall> FindAsync(CancellationToken cancellationToken) =>
        FindAsync(ProgramPath.Find("python3") ?? "python3", HostFiles.CacheFile("python.json"), cancellationToken);

    /// <summary>Finds the interpreter behind <paramref name="command"/>, through <paramref name="cacheFile"/> (null: no cache).</summary>
    internal static async Task<PythonInstall> FindAsync(string command, string? cacheFile, CancellationToken cancellationToken)
    {
        var key = Path.IsPathRooted(command) && File.Exists(command) ? HostFiles.Stamp(command) : null;
        if (key is not null && cacheFile is not null && ReadCache(cacheFile) is { } cached && cached.Command == key && HostFiles.Stamp(cached.Install.Executable) == cached.Executable)
        {
            return cached.Install;
        }

        var install = await AskAsync(command, cancellationToken).ConfigureAwait(false);
        if (key is not null && cacheFile is not null && HostFiles.Stamp(install.Executable) is { } executable)
        {
            await WriteCacheAsync(cacheFile, new CacheEntry(key, executable, install), cancellationToken).ConfigureAwait(false);
        }

        return install;
    }

    private static async Task<PythonInstall> AskAsync(string command, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.TryRunAsync(command, ["-I", "-c", Probe], timeout: TimeSpan.FromSeconds(20), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (result is not { Succeeded: true })
        {
            throw new SandboxException(MemfunErrorCodes.SandboxUnavailable, "python3 is needed to run the REPL kernel, and it could not be started.")
            {
                Hint = "Install Python 3.10 or newer (`apt-get install python3`); `memfun doctor` checks it.",
            };
        }

        using var document = JsonDocument.Parse(result.Stdout);
        var root = document.RootElement;
        var version = (root[2][0].GetInt32(), root[2][1].GetInt32());
        if (version.CompareTo((3, 10)) < 0)
        {
            throw new SandboxException(MemfunErrorCodes.SandboxUnavailable, $"The REPL kernel needs Python 3.10 or newer; python3 is {version.Item1}.{version.Item2}.");
        }

        return new PythonInstall(root[0].GetString()!, root[1].GetString()!);
    }

    private static CacheEntry? ReadCache(string cacheFile)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(cacheFile), CacheJson.Default.CacheEntry);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    private static async Task WriteCacheAsync(string cacheFile, CacheEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(cacheFile)!);
            await AtomicFile.WriteAsync(cacheFile, JsonSerializer.SerializeToUtf8Bytes(entry, CacheJson.Default.CacheEntry), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only home: the next run asks again.
        }
    }

    private sealed record CacheEntry(string Command, string Executable, PythonInstall Install);

    // Generated at build time: every agent command reads this cache on its way to the first kernel.
    [JsonSerializable(typeof(CacheEntry))]
    private sealed partial class CacheJson : JsonSerializerContext;
}
