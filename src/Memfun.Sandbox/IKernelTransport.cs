namespace Memfun.Sandbox;

/// <summary>Where a kernel's protocol lines travel: a local process's pipes, or a container's attached streams.</summary>
internal interface IKernelTransport : IAsyncDisposable
{
    /// <summary>Gets the kernel's protocol output, as bytes (read with a length cap).</summary>
    Stream Output { get; }

    /// <summary>Gets the kernel's protocol input.</summary>
    TextWriter Input { get; }

    /// <summary>Gets the kernel's private folder for large values, or null when values travel through the protocol only.</summary>
    ValueDrop? Values { get; }

    /// <summary>Gets a value indicating whether the kernel is gone.</summary>
    bool HasExited { get; }

    /// <summary>Says how the kernel ended (exit code, what it wrote to stderr), for error messages; also after disposal, when it is complete.</summary>
    string Describe();

    /// <summary>Stops the kernel and everything it started, now.</summary>
    void Kill();

    /// <summary>Tells the transport the kernel sent its ready message: its process and isolation are fully set up.</summary>
    void Ready();
}
