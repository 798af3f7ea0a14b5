using System.Security.Cryptography;
using System.Text;
using Memfun.Core.Files;

namespace Memfun.Hosting.Configuration;

/// <summary>
/// The projects whose <c>memfun.toml</c> the user trusted (<c>memfun config trust</c>, or <c>memfun init</c> writing it): the
/// file's full path and the SHA-256 of its text, kept beside the user's <c>config.toml</c>, outside every project.
/// </summary>
/// <remarks>
/// Security: a cloned repository ships its own <c>memfun.toml</c>. The keys that could run a host program, weaken the
/// sandbox, skip approval or send a secret or the code elsewhere (<see cref="ConfigKey.RequiresTrust"/>) are honoured
/// only while the file is byte for byte what the user trusted at that path: a change, a pull that edits it, or the
/// same file in another clone needs trusting again.
/// </remarks>
/// <param name="trustFile">The file the trusted fingerprints are kept in.</param>
public sealed class ProjectTrust(string trustFile)
{
    /// <summary>Gets the file the trusted fingerprints are kept in.</summary>
    public string TrustFile { get; } = trustFile;

    /// <summary>Returns the trust store kept beside the user's configuration file <paramref name="userConfigPath"/>.</summary>
    public static ProjectTrust BesideUserConfig(string userConfigPath) =>
        new(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(userConfigPath))!, "trusted-projects"));

    /// <summary>Returns the fingerprint of a configuration file's text: its SHA-256, in lower-case hex.</summary>
    public static string Fingerprint(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Returns whether the user trusted <paramref name="projectFile"/> with exactly <paramref name="text"/>.</summary>
    public bool IsTrusted(string projectFile, string text)
    {
        var record = Record(projectFile, text);
        foreach (var line in ReadLines())
        {
            if (string.Equals(line, record, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Trusts <paramref name="projectFile"/> as it is now (<paramref name="text"/>), instead of any earlier text of it.</summary>
    public Task TrustAsync(string projectFile, string text, CancellationToken cancellationToken = default)
    {
        var lines = Without(projectFile);
        lines.Add(Record(projectFile, text));
        return WriteAsync(lines, cancellationToken);
    }

    /// <summary>Stops trusting <paramref name="projectFile"/>.</summary>
    /// <returns>Whether it was trusted.</returns>
    public async Task<bool> RevokeAsync(string projectFile, CancellationToken cancellationToken = default)
    {
        var lines = Without(projectFile);
        if (lines.Count == ReadLines().Count)
        {
            return false;
        }

        await WriteAsync(lines, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static string Record(string projectFile, string text) => Fingerprint(text) + " " + Path.GetFullPath(projectFile);

    private List<string> Without(string projectFile)
    {
        var path = " " + Path.GetFullPath(projectFile);
        var lines = ReadLines();
        lines.RemoveAll(line => line.EndsWith(path, StringComparison.Ordinal) && line.IndexOf(' ', StringComparison.Ordinal) == line.Length - path.Length);
        return lines;
    }

    private List<string> ReadLines()
    {
        try
        {
            return [.. File.ReadAllLines(TrustFile)];
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
    }

    private async Task WriteAsync(List<string> lines, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(TrustFile)!);
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        await AtomicFile.WriteAsync(TrustFile, Encoding.UTF8.GetBytes(text.ToString()), cancellationToken).ConfigureAwait(false);
    }
}
