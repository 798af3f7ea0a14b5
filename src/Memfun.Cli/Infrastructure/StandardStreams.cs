using System.Text;

namespace Memfun.Cli.Infrastructure;

/// <summary>
/// Standard output and error for plain text (tables, JSON, help, notes): UTF-8 writers straight over the process's
/// file descriptors, and whether each is a terminal.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Console"/>'s first use sets up the terminal and its signal handling and reads the locale's encoding, which
/// takes about 5 ms, as long as a listing command's own work; the commands that print plain text do not need any of it
/// (issue 20). Spectre.Console's consoles, for the commands that draw with it, still use <see cref="Console"/>.
/// </para>
/// <para>
/// Each writer flushes at every write, so what it writes keeps its order with the consoles' output. Text is always
/// UTF-8 (the encoding of every current terminal); on Windows the writers are <see cref="Console"/>'s own.
/// </para>
/// </remarks>
internal static class StandardStreams
{
    private const int OutputDescriptor = 1;
    private const int ErrorDescriptor = 2;

    private static readonly Lazy<TextWriter> LazyOutput = new(() => Open(OutputDescriptor));
    private static readonly Lazy<TextWriter> LazyError = new(() => Open(ErrorDescriptor));

    /// <summary>Gets standard output.</summary>
    public static TextWriter Output => LazyOutput.Value;

    /// <summary>Gets standard error.</summary>
    public static TextWriter Error => LazyError.Value;

    /// <summary>Gets a value indicating whether standard input is redirected (a file or a pipe, not a terminal).</summary>
    public static bool IsInputRedirected => OperatingSystem.IsWindows() ? Console.IsInputRedirected : !DescriptorStream.IsTerminal(0);

    /// <summary>Gets a value indicating whether standard output is redirected (a file or a pipe, not a terminal).</summary>
    public static bool IsOutputRedirected => OperatingSystem.IsWindows() ? Console.IsOutputRedirected : !DescriptorStream.IsTerminal(OutputDescriptor);

    /// <summary>Gets a value indicating whether standard error is redirected (a file or a pipe, not a terminal).</summary>
    public static bool IsErrorRedirected => OperatingSystem.IsWindows() ? Console.IsErrorRedirected : !DescriptorStream.IsTerminal(ErrorDescriptor);

    private static TextWriter Open(int descriptor)
    {
        if (OperatingSystem.IsWindows())
        {
            return descriptor == OutputDescriptor ? Console.Out : Console.Error;
        }

        var writer = new StreamWriter(new DescriptorStream(descriptor), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 4096)
        {
            AutoFlush = true,
        };
        return TextWriter.Synchronized(writer);
    }
}
