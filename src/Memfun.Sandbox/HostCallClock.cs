namespace Memfun.Sandbox;

/// <summary>
/// Measures a kernel's own running time: the time while none of its host calls is in flight. An execution's
/// timeout is spent on this clock, so a long <c>llm_query</c> or tool call does not count against the code.
/// </summary>
/// <remarks>
/// Thread-safe. While any call is in flight the clock stands still, even if other threads of the code keep
/// running meanwhile: the CPU-time limit still bounds them, and a host call cannot be made to last on purpose.
/// </remarks>
internal sealed class HostCallClock(TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _inFlight;
    private long _pausedSince;
    private TimeSpan _paused;
    private TaskCompletionSource _idle = Completed();

    /// <summary>Gets the monotonic time the clock has stood still so far, across all calls.</summary>
    public TimeSpan Paused
    {
        get
        {
            lock (_gate)
            {
                return _inFlight > 0 ? _paused + time.GetElapsedTime(_pausedSince) : _paused;
            }
        }
    }

    /// <summary>Notes that a host call started; the clock stops if it was the first in flight.</summary>
    public void CallStarted()
    {
        lock (_gate)
        {
            if (_inFlight++ == 0)
            {
                _pausedSince = time.GetTimestamp();
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Notes that a host call was answered; the clock runs again when none is left in flight.</summary>
    public void CallEnded()
    {
        lock (_gate)
        {
            if (--_inFlight == 0)
            {
                _paused += time.GetElapsedTime(_pausedSince);
                _idle.TrySetResult();
            }
        }
    }

    /// <summary>
    /// Waits for <paramref name="task"/> until it has been running for <paramref name="limit"/> of this clock's time;
    /// throws <see cref="TimeoutException"/> then.
    /// </summary>
    public async Task<T> WaitAsync<T>(Task<T> task, TimeSpan limit, CancellationToken cancellationToken)
    {
        if (limit == Timeout.InfiniteTimeSpan)
        {
            return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var started = time.GetTimestamp();
        var pausedAtStart = Paused;
        using var timers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            while (!task.IsCompleted)
            {
                Task idle;
                lock (_gate)
                {
                    idle = _idle.Task;
                }

                var remaining = limit - (time.GetElapsedTime(started) - (Paused - pausedAtStart));
                if (remaining <= TimeSpan.Zero && idle.IsCompleted)
                {
                    throw new TimeoutException();
                }

                // While a call is in flight the clock stands still: wait for the call, not for the deadline.
                var wake = idle.IsCompleted ? Task.Delay(remaining, time, timers.Token) : idle;
                await Task.WhenAny(task, wake).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // Stops the deadline timers left behind when the code finished first.
            await timers.CancelAsync().ConfigureAwait(false);
        }

        return await task.ConfigureAwait(false);
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}
