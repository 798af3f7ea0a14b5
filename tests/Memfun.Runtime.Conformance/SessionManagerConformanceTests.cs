using Memfun.Core.Errors;
using Memfun.Runtime.Errors;
using Memfun.Runtime.Sessions;

namespace Memfun.Runtime.Conformance;

/// <summary>The semantics of <see cref="ISessionManager"/> on every tier.</summary>
/// <typeparam name="TTier">The tier under test.</typeparam>
public abstract class SessionManagerConformanceTests<TTier> : ConformanceSuite<TTier>
    where TTier : RuntimeTier, new()
{
    private ISessionManager Sessions => Runtime.Context.Sessions;

    [Fact]
    public async Task CreateUpdateGet_MergesData()
    {
        var created = await Sessions.CreateAsync(new Dictionary<string, string> { ["user"] = "ada" }, Cancellation);

        var updated = await Sessions.UpdateAsync(created.Id, new Dictionary<string, string> { ["topic"] = "parsers", ["user"] = "ada l." }, Cancellation);
        var read = await Sessions.GetAsync(created.Id, Cancellation);

        Assert.NotNull(read);
        Assert.Equal("ada l.", read.Data["user"]);
        Assert.Equal("parsers", read.Data["topic"]);
        Assert.True(updated.Revision > created.Revision);
        Assert.Equal(updated.Revision, read.Revision);
    }

    [Fact]
    public async Task ConcurrentUpdates_LoseNothing()
    {
        var session = await Sessions.CreateAsync(cancellationToken: Cancellation);

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
            await Sessions.UpdateAsync(session.Id, new Dictionary<string, string> { [$"k{i}"] = $"{i}" }, Cancellation))));

        var read = await Sessions.GetAsync(session.Id, Cancellation);
        Assert.Equal(12, read!.Data.Count);
    }

    [Fact]
    public async Task End_StopsFurtherUpdates()
    {
        var session = await Sessions.CreateAsync(cancellationToken: Cancellation);

        Assert.True(await Sessions.EndAsync(session.Id, Cancellation));
        Assert.False(await Sessions.EndAsync(session.Id, Cancellation));
        var ended = await Sessions.GetAsync(session.Id, Cancellation);
        var error = await Assert.ThrowsAsync<SessionException>(async () => await Sessions.UpdateAsync(session.Id, new Dictionary<string, string> { ["a"] = "b" }, Cancellation));

        Assert.True(ended!.IsEnded);
        Assert.Contains("has ended", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_RemovesTheSessionFromGetAndList()
    {
        var kept = await Sessions.CreateAsync(new Dictionary<string, string> { ["n"] = "kept" }, Cancellation);
        var deleted = await Sessions.CreateAsync(new Dictionary<string, string> { ["n"] = "deleted" }, Cancellation);

        Assert.True(await Sessions.DeleteAsync(deleted.Id, Cancellation));
        Assert.False(await Sessions.DeleteAsync(deleted.Id, Cancellation));

        Assert.Null(await Sessions.GetAsync(deleted.Id, Cancellation));
        var ids = new List<string>();
        await foreach (var session in Sessions.ListAsync(Cancellation))
        {
            ids.Add(session.Id);
        }

        Assert.Contains(kept.Id, ids);
        Assert.DoesNotContain(deleted.Id, ids);
    }

    [Fact]
    public async Task Update_UnknownSession_IsATypedError()
    {
        var error = await Assert.ThrowsAsync<SessionException>(async () => await Sessions.UpdateAsync("nope", new Dictionary<string, string>(), Cancellation));

        Assert.Equal(MemfunErrorCodes.SessionNotFound, error.ErrorCode);
    }

    [Fact]
    public async Task Sessions_SurviveARestartOnDurableTiers()
    {
        var session = await Sessions.CreateAsync(new Dictionary<string, string> { ["kept"] = "yes" }, Cancellation);

        await RestartRuntimeAsync();
        var after = await Sessions.GetAsync(session.Id, Cancellation);

        if (Tier.IsDurable)
        {
            Assert.Equal("yes", after?.Data["kept"]);
        }
        else
        {
            Assert.Null(after);
        }
    }
}
