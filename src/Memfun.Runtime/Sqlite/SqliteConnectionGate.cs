using System.Data;
using Microsoft.Data.Sqlite;

namespace Memfun.Runtime.Sqlite;

/// <summary>
/// One component's connection to the runtime database, used by one operation at a time. Every operation runs
/// in a <c>BEGIN IMMEDIATE</c> transaction, which also serialises it against other processes on the file.
/// </summary>
internal sealed class SqliteConnectionGate(SqliteConnection connection) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Runs <paramref name="work"/> in a write transaction and commits it.</summary>
    public async Task<T> WithTransactionAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
            var result = await work().ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> without a transaction: for single reads, which SQLite makes atomic on their own.</summary>
    public async Task<T> WithConnectionAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await work().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Creates a parameterised command on the connection (inside the current transaction).</summary>
    public SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await connection.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }
}
