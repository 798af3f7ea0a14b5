namespace Memfun.Runtime.Conformance;

/// <summary>Polls a condition until it holds or a deadline passes (no fixed sleeps).</summary>
public static class Eventually
{
    /// <summary>Waits until <paramref name="condition"/> is true; fails the test with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
    }
}
