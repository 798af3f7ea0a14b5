using System.Data;
using Memfun.Core.Errors;
using Memfun.Runtime.Errors;
using Microsoft.Data.Sqlite;

namespace Memfun.Runtime.Sqlite;

/// <summary>
/// The runtime's SQLite file: checks that it is ours (or new), applies schema migrations, and hands out one
/// connection per component, serialised by a lock. Cross-process safety comes from SQLite's own locking:
/// writes run in <c>BEGIN IMMEDIATE</c> transactions with a busy timeout.
/// </summary>
/// <remarks>
/// WAL with <c>synchronous=NORMAL</c>: a committed transaction survives the process being killed (kill -9),
/// which is the durability the runtime promises; only an OS crash or power loss can drop the last commits.
/// </remarks>
internal sealed class SqliteDatabase
{
    /// <summary>"MFN1": marks a file as a Memfun runtime database.</summary>
    public const int ApplicationId = 0x4D464E31;

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE topics(
            name TEXT PRIMARY KEY,
            ack_timeout_ms INTEGER NOT NULL,
            max_deliveries INTEGER NOT NULL,
            max_events INTEGER NOT NULL,
            max_age_ms INTEGER NOT NULL,
            max_payload_bytes INTEGER NOT NULL);
        CREATE TABLE events(
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            topic TEXT NOT NULL,
            event_key TEXT,
            payload BLOB NOT NULL,
            published_at INTEGER NOT NULL);
        CREATE INDEX events_by_topic ON events(topic, seq);
        CREATE TABLE consumer_groups(
            topic TEXT NOT NULL,
            name TEXT NOT NULL,
            next_seq INTEGER NOT NULL,
            PRIMARY KEY(topic, name));
        CREATE TABLE pending(
            topic TEXT NOT NULL,
            grp TEXT NOT NULL,
            seq INTEGER NOT NULL,
            deliveries INTEGER NOT NULL,
            visible_at INTEGER NOT NULL,
            consumer TEXT,
            PRIMARY KEY(topic, grp, seq));
        CREATE INDEX pending_by_visibility ON pending(visible_at);
        CREATE TABLE state(
            key BLOB PRIMARY KEY,
            value BLOB NOT NULL,
            revision INTEGER NOT NULL,
            expires_at INTEGER);
        CREATE INDEX state_by_expiry ON state(expires_at) WHERE expires_at IS NOT NULL;
        CREATE TABLE state_changes(
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            key BLOB NOT NULL,
            kind INTEGER NOT NULL,
            value BLOB,
            at INTEGER NOT NULL);
        """,
    ];

    private SqliteDatabase(string path) => Path = path;

    /// <summary>Gets the database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating if needed) and migrates the database at <paramref name="path"/>.</summary>
    /// <exception cref="BackendException">The file is not a Memfun database, is corrupt, or is from a newer version.</exception>
    public static async Task<SqliteDatabase> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        var database = new SqliteDatabase(fullPath);
        try
        {
            await using var connection = await database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await database.CheckOwnershipAsync(connection, cancellationToken).ConfigureAwait(false);
            await Execute(connection, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
            await MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e)
        {
            throw new BackendException(MemfunErrorCodes.BackendCorrupt, $"{fullPath} is not a usable SQLite database ({e.Message}); it was left untouched.", e)
            {
                Hint = "Point [backend] sqlite_path at another file, or move this one away if it is not needed.",
            };
        }

        return database;
    }

    /// <summary>Opens a new connection with the runtime's pragmas.</summary>
    public async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await Execute(connection, "PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL;", cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Runs a statement that returns nothing.</summary>
    public static async Task Execute(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> Scalar(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task CheckOwnershipAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var applicationId = await Scalar(connection, "PRAGMA application_id;", cancellationToken).ConfigureAwait(false);
        var tables = await Scalar(connection, "SELECT count(*) FROM sqlite_master;", cancellationToken).ConfigureAwait(false);
        if (applicationId != ApplicationId && (applicationId != 0 || tables > 0))
        {
            throw new BackendException(MemfunErrorCodes.BackendCorrupt, $"{Path} belongs to another program (it is not a Memfun runtime database); it was left untouched.")
            {
                Hint = "Set [backend] sqlite_path to a file of its own, e.g. .memfun/memfun.db.",
            };
        }

        var version = await Scalar(connection, "PRAGMA user_version;", cancellationToken).ConfigureAwait(false);
        if (version > Migrations.Length)
        {
            throw new BackendException(MemfunErrorCodes.BackendCorrupt, $"{Path} was created by a newer version of memfun (schema {version}; this version knows {Migrations.Length}).")
            {
                Hint = "Upgrade memfun, or use another [backend] sqlite_path.",
            };
        }
    }

    private static async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        var version = await Scalar(connection, "PRAGMA user_version;", cancellationToken).ConfigureAwait(false);
        for (var next = (int)version; next < Migrations.Length; next++)
        {
            await Execute(connection, Migrations[next], cancellationToken).ConfigureAwait(false);
            await Execute(connection, $"PRAGMA user_version={next + 1};", cancellationToken).ConfigureAwait(false);
        }

        await Execute(connection, $"PRAGMA application_id={ApplicationId};", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
