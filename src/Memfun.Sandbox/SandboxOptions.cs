namespace Memfun.Sandbox;

/// <summary>How a sandbox is isolated and limited, and what the host offers it.</summary>
public sealed record SandboxOptions
{
    /// <summary>Gets the project directory, mounted read-only (read-write only when <see cref="AllowWrites"/>).</summary>
    public required string ProjectRoot { get; init; }

    /// <summary>Gets a value indicating whether code may write into the project directly. Default false: writes go through host tools.</summary>
    public bool AllowWrites { get; init; }

    /// <summary>Gets a value indicating whether code may use the network. Default false.</summary>
    public bool AllowNetwork { get; init; }

    /// <summary>Gets the default wall-clock timeout of one execution. Default 60 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets the kernel's memory limit in MiB. Default 1024.</summary>
    public int MemoryMb { get; init; } = 1024;

    /// <summary>Gets the most processes (and threads) the kernel may run. Default 64.</summary>
    public int MaxProcesses { get; init; } = 64;

    /// <summary>Gets the kernel's CPU-time limit in seconds. Default 600.</summary>
    public int CpuSeconds { get; init; } = 600;

    /// <summary>Gets the most characters of stdout and of stderr kept per execution. Default 10,000.</summary>
    public int OutputLimitChars { get; init; } = 10_000;

    /// <summary>Gets the functions code in the kernel may call by name (<c>llm_query</c>, tools, <c>SUBMIT</c>...).</summary>
    public IReadOnlyDictionary<string, SandboxHostFunction> HostFunctions { get; init; } =
        new Dictionary<string, SandboxHostFunction>(StringComparer.Ordinal);
}
