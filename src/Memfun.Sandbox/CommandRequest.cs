namespace Memfun.Sandbox;

/// <summary>A shell command to run in the sandbox, over one folder of the host (the project, or a run's workspace).</summary>
public sealed record CommandRequest
{
    /// <summary>Gets the command line, run by <c>/bin/sh -c</c>.</summary>
    public required string Command { get; init; }

    /// <summary>Gets the host folder the command runs in: the only folder of the host it can see besides the system's programs.</summary>
    public required string Directory { get; init; }

    /// <summary>
    /// Gets the path at which <see cref="Directory"/> appears to the command (its working directory); the folder's own
    /// path when null. A workspace appears at the project's path, so paths in output and tests name the project.
    /// </summary>
    public string? MountPath { get; init; }

    /// <summary>
    /// Gets a value indicating whether the command may write into <see cref="Directory"/>. Default false: read-only.
    /// Commands started by root run as "nobody" (uid 65534), so a writable folder must belong to that user.
    /// </summary>
    public bool Writable { get; init; }

    /// <summary>Gets more host folders the command may read, each at its own path (a skill's scripts). Default none.</summary>
    public IReadOnlyList<string> ReadOnlyPaths { get; init; } = [];

    /// <summary>Gets a value indicating whether the command may use the network. Default false.</summary>
    public bool AllowNetwork { get; init; }

    /// <summary>Gets the wall-clock limit; the command and everything it started are killed at it. Default 5 minutes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the address-space limit of each process, in MiB. Default 2048.</summary>
    public int MemoryMb { get; init; } = 2048;

    /// <summary>Gets the most processes (and threads) the command may run. Default 256.</summary>
    public int MaxProcesses { get; init; } = 256;

    /// <summary>Gets the CPU-time limit of each process, in seconds. Default 600.</summary>
    public int CpuSeconds { get; init; } = 600;

    /// <summary>Gets the most characters of stdout and of stderr kept. Default 20,000.</summary>
    public int OutputLimitChars { get; init; } = 20_000;

    /// <summary>Returns a request that takes its limits and network rule from a kernel's <paramref name="options"/>.</summary>
    /// <param name="options">The run's sandbox options.</param>
    /// <param name="command">The command line.</param>
    /// <param name="directory">The host folder to run in.</param>
    public static CommandRequest For(SandboxOptions options, string command, string directory)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new CommandRequest
        {
            Command = command,
            Directory = directory,
            AllowNetwork = options.AllowNetwork,
            MemoryMb = options.MemoryMb,
            MaxProcesses = options.MaxProcesses,
            CpuSeconds = options.CpuSeconds,
            OutputLimitChars = options.OutputLimitChars,
        };
    }
}
