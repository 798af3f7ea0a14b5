using System.Text;
using Memfun.Core.Errors;
using Memfun.Runtime.Errors;
using Memfun.Runtime.State;

namespace Memfun.Runtime.Conformance;

/// <summary>The semantics of <see cref="IStateStore"/> that every tier must honour.</summary>
/// <typeparam name="TTier">The tier under test.</typeparam>
public abstract class StateStoreConformanceTests<TTier> : ConformanceSuite<TTier>
    where TTier : RuntimeTier, new()
{
    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(ReadOnlyMemory<byte> value) => Encoding.UTF8.GetString(value.Span);

    /// <summary>Starts watching and returns once the watch is live (proven by seeing a sentinel write).</summary>
    protected async Task<(IAsyncEnumerator<StateChange> Changes, CancellationTokenSource Stop)> WatchAsync(string target, string sentinelKey)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        stop.CancelAfter(TimeSpan.FromSeconds(30));
        var changes = State.WatchAsync(target, stop.Token).GetAsyncEnumerator(stop.Token);
        var first = changes.MoveNextAsync().AsTask();
        await Eventually.HoldsAsync(async () =>
        {
            await State.SetAsync(sentinelKey, Bytes("sentinel"), cancellationToken: Cancellation);
            return await Task.WhenAny(first, Task.Delay(100, Cancellation)) == first;
        }, "the watch is live");
        Assert.True(await first);
        while (changes.Current.Key != sentinelKey || Text(changes.Current.Value) != "sentinel")
        {
            Assert.True(await changes.MoveNextAsync());
        }

        return (changes, stop);
    }

    private static async Task<List<StateChange>> NextAsync(IAsyncEnumerator<StateChange> changes, int count, string? skipKey = null)
    {
        var result = new List<StateChange>();
        while (result.Count < count)
        {
            Assert.True(await changes.MoveNextAsync(), "the watch ended early");
            if (changes.Current.Key != skipKey)
            {
                result.Add(changes.Current);
            }
        }

        return result;
    }

    [Fact]
    public async Task SetThenGet_ReturnsTheValueAndItsRevision()
    {
        var revision = await State.SetAsync("a", Bytes("1"), cancellationToken: Cancellation);

        var entry = await State.GetAsync("a", Cancellation);

        Assert.NotNull(entry);
        Assert.Equal("1", Text(entry.Value));
        Assert.Equal(revision, entry.Revision);
        Assert.True(revision > 0);
        Assert.Null(entry.ExpiresAt);
        Assert.Null(await State.GetAsync("missing", Cancellation));
    }

    [Fact]
    public async Task Revisions_StrictlyIncrease_AlsoAcrossDeleteAndRecreate()
    {
        var r1 = await State.SetAsync("k", Bytes("1"), cancellationToken: Cancellation);
        var r2 = await State.SetAsync("k", Bytes("2"), cancellationToken: Cancellation);
        Assert.True(await State.DeleteAsync("k", Cancellation));
        var r3 = await State.SetAsync("k", Bytes("3"), cancellationToken: Cancellation);

        Assert.True(r1 < r2 && r2 < r3, $"{r1} < {r2} < {r3}");
    }

    [Fact]
    public async Task TryUpdate_SucceedsOnTheExpectedRevisionOnly()
    {
        var created = await State.TryUpdateAsync("cas", Bytes("v1"), 0, cancellationToken: Cancellation);
        var createAgain = await State.TryUpdateAsync("cas", Bytes("other"), 0, cancellationToken: Cancellation);
        var updated = await State.TryUpdateAsync("cas", Bytes("v2"), created.Revision, cancellationToken: Cancellation);
        var stale = await State.TryUpdateAsync("cas", Bytes("v3"), created.Revision, cancellationToken: Cancellation);

        Assert.True(created.Succeeded);
        Assert.False(createAgain.Succeeded);
        Assert.Equal(created.Revision, createAgain.Revision);
        Assert.True(updated.Succeeded);
        Assert.False(stale.Succeeded);
        Assert.Equal(updated.Revision, stale.Revision);
        Assert.Equal("v2", Text((await State.GetAsync("cas", Cancellation))!.Value));
    }

    [Fact]
    public async Task TryUpdate_UnderContention_LosesNoIncrement()
    {
        const int writers = 6, increments = 20;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < increments; i++)
            {
                while (true)
                {
                    var entry = await State.GetAsync("counter", Cancellation);
                    var next = (entry is null ? 0 : int.Parse(Text(entry.Value), System.Globalization.CultureInfo.InvariantCulture)) + 1;
                    var result = await State.TryUpdateAsync("counter", Bytes(next.ToString(System.Globalization.CultureInfo.InvariantCulture)), entry?.Revision ?? 0, cancellationToken: Cancellation);
                    if (result.Succeeded)
                    {
                        break;
                    }
                }
            }
        })));

        Assert.Equal($"{writers * increments}", Text((await State.GetAsync("counter", Cancellation))!.Value));
    }

    [Fact]
    public async Task DeleteAndExists_ReportWhetherTheKeyWasThere()
    {
        await State.SetAsync("d", Bytes("x"), cancellationToken: Cancellation);

        Assert.True(await State.ExistsAsync("d", Cancellation));
        Assert.True(await State.DeleteAsync("d", Cancellation));
        Assert.False(await State.DeleteAsync("d", Cancellation));
        Assert.False(await State.ExistsAsync("d", Cancellation));
    }

    [Fact]
    public async Task Ttl_ExpiresTheEntryEverywhere()
    {
        var (changes, stop) = await WatchAsync("ttl/*", "ttl/sentinel");
        using (stop)
        {
            var before = DateTimeOffset.UtcNow;
            await State.SetAsync("ttl/short", Bytes("x"), TimeSpan.FromMilliseconds(300), Cancellation);
            await State.SetAsync("ttl/long", Bytes("y"), TimeSpan.FromMinutes(5), Cancellation);
            var entry = await State.GetAsync("ttl/short", Cancellation);
            var longEntry = await State.GetAsync("ttl/long", Cancellation);
            // Each entry says when it goes, about its TTL from now (servers' clocks and rounding allowed for).
            Assert.InRange(entry?.ExpiresAt ?? DateTimeOffset.MinValue, before - TimeSpan.FromSeconds(2), before + TimeSpan.FromSeconds(5));
            Assert.InRange(longEntry?.ExpiresAt ?? DateTimeOffset.MinValue, before + TimeSpan.FromMinutes(4), before + TimeSpan.FromMinutes(6));

            await Eventually.HoldsAsync(async () => !await State.ExistsAsync("ttl/short", Cancellation), "the entry expires");

            Assert.Null(await State.GetAsync("ttl/short", Cancellation));
            Assert.DoesNotContain("ttl/short", await State.ListKeysAsync("ttl/", Cancellation).ToListAsync(Cancellation));
            Assert.True(await State.ExistsAsync("ttl/long", Cancellation));
            var seen = await NextAsync(changes, 3);
            Assert.Equal(
                [("ttl/short", StateChangeKind.Put), ("ttl/long", StateChangeKind.Put), ("ttl/short", StateChangeKind.Expire)],
                seen.Select(c => (c.Key, c.Kind)));
            await stop.CancelAsync();
            await changes.DisposeAsync();
        }
    }

    [Fact]
    public async Task ListKeys_ReturnsLiveKeysUnderThePrefixInUtf8ByteOrder()
    {
        foreach (var key in new[] { "p/b", "p/a", "p/%", "p/_x", "p/é", "q/a", "p" })
        {
            await State.SetAsync(key, Bytes("v"), cancellationToken: Cancellation);
        }

        var keys = await State.ListKeysAsync("p/", Cancellation).ToListAsync(Cancellation);
        var escaped = await State.ListKeysAsync("p/%", Cancellation).ToListAsync(Cancellation);
        var all = await State.ListKeysAsync(cancellationToken: Cancellation).ToListAsync(Cancellation);

        Assert.Equal(["p/%", "p/_x", "p/a", "p/b", "p/é"], keys);
        Assert.Equal(["p/%"], escaped);
        Assert.Equal(7, all.Count);
    }

    [Fact]
    public async Task Watch_OnAKey_SeesEveryChangeInOrder()
    {
        var (changes, stop) = await WatchAsync("watched", "watched");
        using (stop)
        {
            var r1 = await State.SetAsync("watched", Bytes("1"), cancellationToken: Cancellation);
            await State.SetAsync("other", Bytes("ignored"), cancellationToken: Cancellation);
            var r2 = await State.SetAsync("watched", Bytes("2"), cancellationToken: Cancellation);
            await State.DeleteAsync("watched", Cancellation);

            var seen = await NextAsync(changes, 3);

            Assert.Equal([StateChangeKind.Put, StateChangeKind.Put, StateChangeKind.Delete], seen.Select(c => c.Kind));
            Assert.Equal(["1", "2", ""], seen.Select(c => Text(c.Value)));
            Assert.Equal(r1, seen[0].Revision);
            Assert.Equal(r2, seen[1].Revision);
            Assert.True(seen[2].Revision > r2);
            await stop.CancelAsync();
            await changes.DisposeAsync();
        }
    }

    [Fact]
    public async Task Watch_OnAPrefix_SeesManyRapidChangesWithoutGaps()
    {
        var (changes, stop) = await WatchAsync("burst/*", "burst/sentinel");
        using (stop)
        {
            for (var i = 0; i < 100; i++)
            {
                await State.SetAsync($"burst/{i % 7}", Bytes($"{i}"), cancellationToken: Cancellation);
            }

            await State.SetAsync("outside", Bytes("x"), cancellationToken: Cancellation);
            var seen = await NextAsync(changes, 100);

            Assert.Equal(Enumerable.Range(0, 100).Select(i => $"{i}"), seen.Select(c => Text(c.Value)));
            Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.Revision < p.Second.Revision));
            await stop.CancelAsync();
            await changes.DisposeAsync();
        }
    }

    [Fact]
    public async Task KeysAndValues_AreKeptByteForByte()
    {
        var keys = new[] { "quote'\"", "nul\0inside", "ünïcødé ✓ 🚀", "'; DROP TABLE state;--", "%_*[]?" };
        var value = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        foreach (var key in keys)
        {
            await State.SetAsync(key, value, cancellationToken: Cancellation);
        }

        foreach (var key in keys)
        {
            var entry = await State.GetAsync(key, Cancellation);
            Assert.NotNull(entry);
            Assert.Equal(key, entry.Key);
            Assert.Equal(value, entry.Value.ToArray());
        }

        Assert.Equal(keys.Order(StringComparer.Ordinal).Count(), (await State.ListKeysAsync(cancellationToken: Cancellation).ToListAsync(Cancellation)).Intersect(keys).Count());
    }

    [Fact]
    public async Task OversizeValue_IsRefusedWithATypedError()
    {
        var error = await Assert.ThrowsAsync<BackendException>(async () =>
            await State.SetAsync("big", new byte[IStateStore.MaxValueBytes + 1], cancellationToken: Cancellation));

        Assert.Equal(MemfunErrorCodes.BackendPayloadTooLarge, error.ErrorCode);
        Assert.False(await State.ExistsAsync("big", Cancellation));
    }
}
