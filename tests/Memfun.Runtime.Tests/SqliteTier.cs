using Memfun.Runtime.Conformance;
using Memfun.Runtime.Sqlite;

namespace Memfun.Runtime.Tests;

public sealed class SqliteTier : RuntimeTier
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "memfun-tests", Guid.NewGuid().ToString("N"));

    public override string Name => "sqlite";

    public override async Task<IRuntimeBackend> CreateBackendAsync(CancellationToken cancellationToken) =>
        await SqliteBackend.OpenAsync(Path.Combine(_directory, "memfun.db"), cancellationToken: cancellationToken);

    public override ValueTask CleanUpAsync()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}
