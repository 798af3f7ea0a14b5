namespace Memfun.Sandbox;

/// <summary>What isolation the local sandbox requires (<c>[sandbox] isolation</c>).</summary>
public enum SandboxIsolationMode
{
    /// <summary>bubblewrap namespaces are required: without a working bubblewrap the sandbox refuses to start. The default.</summary>
    Bubblewrap,

    /// <summary>No isolation, by the user's explicit choice: resource limits only; the code can read and write the user's files and use the network.</summary>
    None,
}
