namespace Memfun.Sandbox;

/// <summary>The <c>[sandbox]</c> section: how model-written code is isolated and limited.</summary>
public sealed record SandboxSettings
{
    /// <summary>Gets where the kernel runs. Default: local.</summary>
    public SandboxKind Kind { get; init; } = SandboxKind.Local;

    /// <summary>Gets the isolation the local sandbox requires. Default bubblewrap: without it the sandbox refuses to start.</summary>
    public SandboxIsolationMode Isolation { get; init; } = SandboxIsolationMode.Bubblewrap;

    /// <summary>Gets the wall-clock timeout of one execution, in seconds.</summary>
    public int TimeoutSeconds { get; init; } = 60;

    /// <summary>Gets the longest a command the agent runs (<c>run()</c>, the project's tests) may take, in seconds. Default 300.</summary>
    public int CommandTimeoutSeconds { get; init; } = 300;

    /// <summary>Gets the kernel's memory limit in MiB.</summary>
    public int MemoryMb { get; init; } = 1024;

    /// <summary>Gets a value indicating whether code in the sandbox may use the network. Default false.</summary>
    public bool Network { get; init; }

    /// <summary>Gets the most characters of output kept per execution.</summary>
    public int OutputLimitChars { get; init; } = 10_000;

    /// <summary>Gets the image used by the Docker sandbox.</summary>
    public string DockerImage { get; init; } = "memfun-sandbox:latest";

    /// <summary>Gets the most processes the kernel may run.</summary>
    public int MaxProcesses { get; init; } = 64;

    /// <summary>Gets the CPU-time limit of the kernel process, in seconds.</summary>
    public int CpuSeconds { get; init; } = 600;
}
