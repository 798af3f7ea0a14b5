using System.Diagnostics;
using System.Text;
using Memfun.Core.Errors;
using Memfun.Runtime.Errors;
using Memfun.Runtime.Sqlite;
using Memfun.Testing;
using Microsoft.Data.Sqlite;

namespace Memfun.Runtime.Tests;

public sealed class SqliteBackendTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task KilledWriter_LosesNoAcknowledgedWrite()
    {
        var database = _temp.Combine("crash.db");
        var writer = Path.Combine(AppContext.BaseDirectory, "Memfun.Runtime.CrashWriter.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(writer);
        start.ArgumentList.Add(database);
        using var process = Process.Start(start)!;
        var acked = -1;
        while (acked < 300 && await process.StandardOutput.ReadLineAsync(Cancellation) is { } line)
        {
            acked = int.Parse(line["acked ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(Cancellation);
        Assert.True(acked >= 300, $"the writer acknowledged only {acked} steps: {await process.StandardError.ReadToEndAsync(Cancellation)}");

        await using var backend = await SqliteBackend.OpenAsync(database, cancellationToken: Cancellation);
        for (var step = 0; step <= acked; step++)
        {
            var entry = await backend.StateStore.GetAsync($"step/{step}", Cancellation);
            Assert.Equal($"{step}", entry is null ? null : Encoding.UTF8.GetString(entry.Value.Span));
        }

        var events = new HashSet<string>(StringComparer.Ordinal);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        stop.CancelAfter(TimeSpan.FromSeconds(30));
        await foreach (var message in backend.EventBus.SubscribeAsync("crash", "checker", "c", stop.Token))
        {
            events.Add(Encoding.UTF8.GetString(message.Payload.Span));
            if (Enumerable.Range(0, acked + 1).All(i => events.Contains($"{i}")))
            {
                break;
            }
        }

        Assert.All(Enumerable.Range(0, acked + 1), i => Assert.Contains($"{i}", events));
    }

    [Fact]
    public async Task EventsAndState_SurviveReopening()
    {
        var database = _temp.Combine("durable.db");
        await using (var first = await SqliteBackend.OpenAsync(database, cancellationToken: Cancellation))
        {
            await first.EventBus.PublishAsync("t", "kept"u8.ToArray(), cancellationToken: Cancellation);
            await first.StateStore.SetAsync("k", "v"u8.ToArray(), cancellationToken: Cancellation);
        }

        await using var second = await SqliteBackend.OpenAsync(database, cancellationToken: Cancellation);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        stop.CancelAfter(TimeSpan.FromSeconds(10));
        var message = await second.EventBus.SubscribeAsync("t", "g", "c", stop.Token).FirstAsync(stop.Token);

        Assert.Equal("kept", Encoding.UTF8.GetString(message.Payload.Span));
        Assert.Equal("v", Encoding.UTF8.GetString((await second.StateStore.GetAsync("k", Cancellation))!.Value.Span));
    }

    [Fact]
    public async Task CorruptFile_IsReportedAndLeftUntouched()
    {
        var path = _temp.WriteFile("corrupt.db", "this is not a database, just text that must survive");
        var before = await File.ReadAllBytesAsync(path, Cancellation);

        var error = await Assert.ThrowsAsync<BackendException>(() => SqliteBackend.OpenAsync(path, cancellationToken: Cancellation));

        Assert.Equal(MemfunErrorCodes.BackendCorrupt, error.ErrorCode);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(path, Cancellation));
    }

    [Fact]
    public async Task ForeignSqliteDatabase_IsRefusedAndLeftUntouched()
    {
        var path = _temp.Combine("other-app.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync(Cancellation);
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers(name) VALUES('ada');";
            await command.ExecuteNonQueryAsync(Cancellation);
        }

        var before = await File.ReadAllBytesAsync(path, Cancellation);

        var error = await Assert.ThrowsAsync<BackendException>(() => SqliteBackend.OpenAsync(path, cancellationToken: Cancellation));

        Assert.Equal(MemfunErrorCodes.BackendCorrupt, error.ErrorCode);
        Assert.Contains("belongs to another program", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(path, Cancellation));
    }

    [Fact]
    public async Task DatabaseFromANewerVersion_IsRefused()
    {
        var path = _temp.Combine("newer.db");
        await (await SqliteBackend.OpenAsync(path, cancellationToken: Cancellation)).DisposeAsync();
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync(Cancellation);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99;";
            await command.ExecuteNonQueryAsync(Cancellation);
        }

        var error = await Assert.ThrowsAsync<BackendException>(() => SqliteBackend.OpenAsync(path, cancellationToken: Cancellation));

        Assert.Contains("newer version of memfun", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoProcessesSharingTheFile_NeverDeliverAnEventTwice()
    {
        var path = _temp.Combine("shared.db");
        await using var a = await SqliteBackend.OpenAsync(path, cancellationToken: Cancellation);
        await using var b = await SqliteBackend.OpenAsync(path, cancellationToken: Cancellation);
        for (var i = 0; i < 100; i++)
        {
            await a.EventBus.PublishAsync("shared", Encoding.UTF8.GetBytes($"{i}"), cancellationToken: Cancellation);
        }

        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var done = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        done.CancelAfter(TimeSpan.FromSeconds(30));
        async Task ConsumeAsync(SqliteBackend backend, string consumer)
        {
            try
            {
                await foreach (var message in backend.EventBus.SubscribeAsync("shared", "workers", consumer, done.Token))
                {
                    seen.Add(Encoding.UTF8.GetString(message.Payload.Span));
                    await backend.EventBus.AckAsync(message, Cancellation);
                    if (seen.Count >= 100)
                    {
                        await done.CancelAsync();
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        await Task.WhenAll(ConsumeAsync(a, "a"), ConsumeAsync(b, "b"));

        Assert.Equal(100, seen.Count);
        Assert.Equal(100, seen.Distinct().Count());
    }
}
