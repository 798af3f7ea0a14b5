namespace Memfun.Runtime.Internal;

/// <summary>
/// Wakes pollers when something changed in this process. Pollers observe the signal before looking for work,
/// then wait on what they observed, so a change between the look and the wait is never missed; other
/// processes' changes are picked up when the wait times out.
/// </summary>
internal sealed class ChangeSignal
{
    private TaskCompletionSource _next = New();

    /// <summary>Returns a task that completes at the next <see cref="Notify"/>.</summary>
    public Task Observe() => Volatile.Read(ref _next).Task;

    /// <summary>Wakes everyone waiting on an observed task.</summary>
    public void Notify() => Interlocked.Exchange(ref _next, New()).TrySetResult();

    /// <summary>Waits for <paramref name="observed"/> or at most <paramref name="poll"/>; returns false when cancelled.</summary>
    public static async Task<bool> WaitAsync(Task observed, TimeSpan poll, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        try
        {
            await observed.WaitAsync(poll, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Time to look again.
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return true;
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
