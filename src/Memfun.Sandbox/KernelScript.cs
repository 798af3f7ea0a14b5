using System.Reflection;
using System.Text.Json;

namespace Memfun.Sandbox;

/// <summary>The embedded kernel program and the limits it applies to itself, the same for every host.</summary>
internal static class KernelScript
{
    /// <summary>The unprivileged user kernels run as when started by root ("nobody").</summary>
    public const int UnprivilegedUid = 65534;

    /// <summary>
    /// The longest protocol line, in bytes, either side reads from the other's untrusted end. Large values
    /// (a 10 MB context) travel host → kernel; kernel → host carries outputs (capped), prompts and answers.
    /// </summary>
    public const int MaxLineBytes = 16 * 1024 * 1024;

    /// <summary>The most host calls one kernel may have in flight; a kernel that sends more is stopped.</summary>
    public const int MaxConcurrentHostCalls = 16;

    /// <summary>Gets the kernel's Python source.</summary>
    public static string Source { get; } = Load();

    /// <summary>Returns the kernel's command-line arguments after the interpreter.</summary>
    /// <param name="options">The sandbox's limits.</param>
    /// <param name="runAsUid">The user the code runs as when the kernel starts as root, else null.</param>
    /// <param name="valuesFolder">Where the kernel reads large values the host wrote (<see cref="ValueDrop"/>), or null when they come through the protocol.</param>
    public static IReadOnlyList<string> Arguments(SandboxOptions options, int? runAsUid, string? valuesFolder = null) =>
        ["-I", "-c", Source, JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["memory_mb"] = options.MemoryMb,
            ["cpu_seconds"] = options.CpuSeconds,
            ["max_processes"] = options.MaxProcesses,
            ["file_mb"] = 64,
            ["output_limit"] = options.OutputLimitChars,
            ["run_as_uid"] = runAsUid,
            ["keep_read_access"] = runAsUid is not null,
            ["max_line_bytes"] = MaxLineBytes,
            ["max_calls"] = MaxConcurrentHostCalls,
            ["values_dir"] = valuesFolder,
        })];

    private static string Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Memfun.Sandbox.kernel.py")
            ?? throw new InvalidOperationException("The kernel script is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
