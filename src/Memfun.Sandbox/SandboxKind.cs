namespace Memfun.Sandbox;

/// <summary>Where the Python REPL kernel runs.</summary>
public enum SandboxKind
{
    /// <summary>A local process, isolated with bubblewrap where available.</summary>
    Local,

    /// <summary>A Docker container through the Docker Engine API.</summary>
    Docker,
}
