using Memfun.Runtime.Events;
using Memfun.Runtime.State;

namespace Memfun.Runtime.Sqlite;

/// <summary>T1: events and state in one SQLite file (WAL), durable across restarts and safe to share between processes.</summary>
public sealed class SqliteBackend : IRuntimeBackend
{
    private readonly SqliteEventBus _eventBus;
    private readonly SqliteStateStore _stateStore;

    private SqliteBackend(string path, SqliteEventBus eventBus, SqliteStateStore stateStore)
    {
        Path = path;
        _eventBus = eventBus;
        _stateStore = stateStore;
    }

    /// <summary>Gets the database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public string Tier => "sqlite";

    /// <inheritdoc />
    public IEventBus EventBus => _eventBus;

    /// <inheritdoc />
    public IStateStore StateStore => _stateStore;

    /// <summary>Opens (creating and migrating if needed) the database at <paramref name="path"/>.</summary>
    /// <exception cref="Memfun.Runtime.Errors.BackendException">The file is corrupt, foreign, or from a newer version; it is left untouched.</exception>
    public static async Task<SqliteBackend> OpenAsync(string path, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        timeProvider ??= TimeProvider.System;
        var database = await SqliteDatabase.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        var eventBus = await SqliteEventBus.OpenAsync(database, timeProvider, cancellationToken).ConfigureAwait(false);
        var stateStore = await SqliteStateStore.OpenAsync(database, timeProvider, cancellationToken).ConfigureAwait(false);
        return new SqliteBackend(database.Path, eventBus, stateStore);
    }

    /// <inheritdoc />
    public ValueTask CheckAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _eventBus.DisposeAsync().ConfigureAwait(false);
        await _stateStore.DisposeAsync().ConfigureAwait(false);
    }
}
