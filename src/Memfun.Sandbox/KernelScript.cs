using System.Buffers;
using System.Reflection;
using System.Text;
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
    public static IReadOnlyList<string> Arguments(SandboxOptions options, int? runAsUid, string? valuesFolder = null)
    {
        var settings = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(settings))
        {
            json.WriteStartObject();
            json.WriteNumber("memory_mb", options.MemoryMb);
            json.WriteNumber("cpu_seconds", options.CpuSeconds);
            json.WriteNumber("max_processes", options.MaxProcesses);
            json.WriteNumber("file_mb", 64);
            json.WriteNumber("output_limit", options.OutputLimitChars);
            WriteNumberOrNull(json, "run_as_uid", runAsUid);
            json.WriteBoolean("keep_read_access", runAsUid is not null);
            json.WriteNumber("max_line_bytes", MaxLineBytes);
            json.WriteNumber("max_calls", MaxConcurrentHostCalls);
            json.WriteString("values_dir", valuesFolder);
            json.WriteEndObject();
        }

        return ["-I", "-c", Source, Encoding.UTF8.GetString(settings.WrittenSpan)];
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Memfun.Sandbox.kernel.py")
            ?? throw new InvalidOperationException("The kernel script is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
