namespace Memfun.Testing;

/// <summary>A unique folder under the system temp directory, deleted (with everything in it) on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates the folder.</summary>
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "memfun-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>Gets the folder's full path.</summary>
    public string Path { get; }

    /// <summary>Returns the full path of <paramref name="relativePath"/> inside the folder.</summary>
    public string Combine(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    /// <summary>Writes a file (creating its folders) and returns its full path.</summary>
    public string WriteFile(string relativePath, string content)
    {
        var path = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>
    /// Makes a named pipe (FIFO, with <c>mkfifo</c>), creating its folders, and returns its full path: no writer ever opens
    /// it, so opening it for reading blocks, as a pipe planted in a project would.
    /// </summary>
    public string CreatePipe(string relativePath)
    {
        var path = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        if (mkfifo.ExitCode != 0)
        {
            throw new IOException($"mkfifo {path} exited with {mkfifo.ExitCode}.");
        }

        return path;
    }

    /// <summary>
    /// Writes a small file whose name holds the byte 0xFF, which is not UTF-8 (a .NET string cannot name it, so the shell
    /// makes it), in the sub-folder <paramref name="relativeFolder"/>; the name starts with <paramref name="prefix"/>
    /// and ends with <paramref name="suffix"/>.
    /// </summary>
    public void WriteFileWithANameThatIsNotUtf8(string relativeFolder, string prefix, string suffix)
    {
        var folder = CreateDirectory(relativeFolder);
        using var shell = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sh", ["-c", $"printf '{{}}\\n' > \"{prefix}$(printf '\\377'){suffix}\""]) { WorkingDirectory = folder })!;
        shell.WaitForExit();
        if (shell.ExitCode != 0)
        {
            throw new IOException($"sh could not write the file in {folder}.");
        }
    }

    /// <summary>Creates a sub-folder and returns its full path.</summary>
    public string CreateDirectory(string relativePath) => Directory.CreateDirectory(Combine(relativePath)).FullName;

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process under test may still hold a file; the OS temp cleaner takes it later.
        }
    }
}
