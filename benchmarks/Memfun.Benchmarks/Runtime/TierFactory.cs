using Memfun.Runtime;
using Memfun.Runtime.InProcess;
using Memfun.Runtime.Sqlite;

namespace Memfun.Benchmarks.Runtime;

/// <summary>Opens a fresh backend of a tier for a benchmark run.</summary>
internal static class TierFactory
{
    public static async Task<(IRuntimeBackend Backend, string? Directory)> OpenAsync(string tier)
    {
        if (tier == "memory")
        {
            return (new InProcessBackend(), null);
        }

        var directory = Path.Combine(Path.GetTempPath(), "memfun-bench", Guid.NewGuid().ToString("N"));
        return (await SqliteBackend.OpenAsync(Path.Combine(directory, "bench.db")), directory);
    }

    public static async Task CloseAsync(IRuntimeBackend backend, string? directory)
    {
        await backend.DisposeAsync();
        if (directory is not null)
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
