using System.Text;
using Memfun.Agent.Rlm;
using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Memfun.Tools;

namespace Memfun.Cli.Commands.Agent;

/// <summary>
/// The long context of a run that stays out of the prompt: piped standard input as <c>stdin</c>, and each
/// <c>--context</c> file (or every text file of a <c>--context</c> folder) as a variable named after its path.
/// </summary>
internal static class ContextVariables
{
    // Beyond these a folder is not context but a project: point memfun at it instead.
    private const int MaxFiles = 2_000;
    private const long MaxBytes = 256L * 1024 * 1024;

    public static async Task<List<RlmVariable>> ReadAsync(CliEnvironment environment, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var variables = new List<RlmVariable>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (environment.Input is { } input)
        {
            var text = await input.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            if (text.Length > 0)
            {
                variables.Add(new RlmVariable("stdin", text, $"the standard input piped to memfun ({text.Length:N0} characters)"));
            }
        }

        long total = 0;
        foreach (var given in paths)
        {
            var full = Path.GetFullPath(given, environment.WorkingDirectory);
            var files = File.Exists(full) ? [full]
                : Directory.Exists(full) ? Directory.EnumerateFiles(full, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden }).Order(StringComparer.Ordinal).ToList()
                : throw new ToolException(MemfunErrorCodes.ToolBadArguments, $"--context {given}: there is no such file or folder.") { Hint = "Paths are relative to the current directory." };
            var root = File.Exists(full) ? Path.GetDirectoryName(full)! : Path.GetDirectoryName(full.TrimEnd(Path.DirectorySeparatorChar)) ?? full;
            foreach (var file in files)
            {
                if (variables.Count >= MaxFiles || (total += new FileInfo(file).Length) > MaxBytes)
                {
                    throw new ToolException(MemfunErrorCodes.ToolBadArguments, $"--context {given}: more than {MaxFiles:N0} files or {MaxBytes / (1024 * 1024)} MB.")
                    {
                        Hint = "Give the files that matter, or run memfun in that folder so the agent reads it as a project.",
                    };
                }

                var bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
                if (Array.IndexOf(bytes, (byte)0) >= 0)
                {
                    continue; // binary: not text the model can read
                }

                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                var name = UniqueName(relative, names);
                variables.Add(new RlmVariable(name, Encoding.UTF8.GetString(bytes), $"the file {relative} given with --context ({bytes.Length:N0} bytes)"));
            }
        }

        return variables;
    }

    /// <summary>A Python identifier from a path (<c>logs/app.log</c> → <c>ctx_logs_app_log</c>), unique among <paramref name="taken"/>.</summary>
    /// <remarks>The prefix keeps a file named <c>print</c> or <c>class</c> from shadowing a builtin, a host tool or a keyword.</remarks>
    internal static string UniqueName(string path, HashSet<string> taken)
    {
        var name = new StringBuilder();
        foreach (var c in path.ToLowerInvariant())
        {
            name.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        var text = "ctx_" + name.ToString().Trim('_');
        var unique = text;
        for (var i = 2; !taken.Add(unique); i++)
        {
            unique = $"{text}_{i}";
        }

        return unique;
    }
}
