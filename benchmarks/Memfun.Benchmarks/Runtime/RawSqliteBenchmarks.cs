using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;

namespace Memfun.Benchmarks.Runtime;

/// <summary>The ceiling for the SQLite tier: raw Microsoft.Data.Sqlite inserts in WAL mode, 1,000 rows in batched transactions.</summary>
[MemoryDiagnoser]
public class RawSqliteBenchmarks
{
    private const int Rows = 1000;
    private const int Batch = 512;
    private static readonly byte[] Payload = new byte[256];
    private SqliteConnection _connection = null!;
    private string _directory = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "memfun-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "raw.db")};Pooling=False");
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE events(seq INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT, payload BLOB, published_at INTEGER);";
        command.ExecuteNonQuery();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Rows, Description = "raw Microsoft.Data.Sqlite insert (WAL, batched)")]
    public void Insert()
    {
        for (var done = 0; done < Rows; done += Batch)
        {
            using var transaction = _connection.BeginTransaction();
            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT INTO events(topic, payload, published_at) VALUES('raw', $payload, $now)";
            var payload = command.Parameters.Add("$payload", SqliteType.Blob);
            command.Parameters.AddWithValue("$now", 0L);
            for (var i = done; i < Math.Min(Rows, done + Batch); i++)
            {
                payload.Value = Payload;
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }
}
