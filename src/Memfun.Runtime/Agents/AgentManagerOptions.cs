namespace Memfun.Runtime.Agents;

/// <summary>How the agent manager keeps its agents registered and restarts them after a crash.</summary>
public sealed record AgentManagerOptions
{
    /// <summary>Gets the defaults.</summary>
    public static AgentManagerOptions Default { get; } = new();

    /// <summary>Gets how long a registration lives without a heartbeat.</summary>
    public TimeSpan RegistrationTtl { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets how often a running agent renews its registration and health.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets how many times a crashed agent is restarted before it is left Failed.</summary>
    public int MaxRestarts { get; init; } = 5;

    /// <summary>Gets the first restart delay; each next one doubles, up to <see cref="MaxRestartDelay"/>.</summary>
    public TimeSpan RestartDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets the longest restart delay.</summary>
    public TimeSpan MaxRestartDelay { get; init; } = TimeSpan.FromSeconds(10);
}
