namespace Memfun.Sandbox;

/// <summary>How strongly the local sandbox isolates code.</summary>
public enum SandboxIsolation
{
    /// <summary>bubblewrap namespaces (no network, read-only project, private /tmp, nothing else of the machine) plus resource limits.</summary>
    Bubblewrap,

    /// <summary>Resource limits only: the code can read the machine and use the network. Reported loudly.</summary>
    ResourceLimitsOnly,
}
