namespace Memfun.Llm.Pipeline;

/// <summary>How the retry decorator retries transient failures (429, 5xx, timeouts).</summary>
public sealed record RetryOptions
{
    /// <summary>Gets how many times a failed call is retried.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Gets the first backoff; each retry doubles it, with full jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets the longest backoff between two attempts.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the longest <c>Retry-After</c> honoured; a server asking for more ends the retries at once.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(120);
}
