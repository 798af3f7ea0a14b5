using System.Text;
using System.Text.Json;
using Memfun.Agent.Rlm;
using Memfun.Core.Files;
using Memfun.Llm.Errors;
using Memfun.Llm.Programs;
using Memfun.Tools.Files;

namespace Memfun.Optimizer.Programs;

/// <summary>
/// The optimized root program of a project, in <c>.memfun/optimized/</c>: <c>rlm-root.json</c> (the program, as
/// <see cref="ProgramSerializer"/> writes it) and <c>rlm-root.meta.json</c> (how it was found). Every agent run of
/// the project uses it until <c>memfun optimize --reset</c> removes it — but only if this user's own
/// <c>memfun optimize</c> saved it.
/// </summary>
/// <remarks>
/// Security: the program's text goes into every run's root prompt, and a cloned repository can ship a
/// <c>.memfun/optimized/rlm-root.json</c> (a prompt injection). <see cref="SaveAsync"/> records the SHA-256 of the
/// bytes it writes in the user's <see cref="TrustFile"/> (outside every project), and <see cref="LoadAsync"/> uses a
/// program only when the hash of the bytes it reads is recorded there; any other program is ignored with a warning.
/// </remarks>
/// <param name="stateDirectory">The project's state folder (<c>.memfun</c>).</param>
/// <param name="userDirectory">The user's Memfun folder (<c>$XDG_CONFIG_HOME/memfun</c>), where the trusted hashes are kept.</param>
public sealed class OptimizedProgramStore(string stateDirectory, string userDirectory)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Gets the folder of optimized programs.</summary>
    public string Directory { get; } = Path.Combine(stateDirectory, "optimized");

    /// <summary>Gets the saved root program's file.</summary>
    public string ProgramPath => Path.Combine(Directory, "rlm-root.json");

    /// <summary>Gets the file that says how the program was found.</summary>
    public string MetadataPath => Path.Combine(Directory, "rlm-root.meta.json");

    /// <summary>Gets the user's file of the SHA-256 hashes of the programs their <c>memfun optimize</c> saved, one <c>HASH PATH</c> per line.</summary>
    public string TrustFile { get; } = Path.Combine(userDirectory, "optimized-programs");

    /// <summary>
    /// Returns the saved program when this user's <c>memfun optimize</c> saved it; <see cref="RlmPromptProgram.Empty"/>
    /// when there is none, or with a one-line warning when the file's hash is not in <see cref="TrustFile"/>.
    /// </summary>
    /// <exception cref="LlmException">The saved file is damaged or of another program (run <c>memfun optimize --reset</c>).</exception>
    public async Task<(RlmPromptProgram Program, string? Warning)> LoadAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(ProgramPath))
        {
            return (RlmPromptProgram.Empty, null);
        }

        // One read: the bytes hashed are the bytes parsed.
        var bytes = await File.ReadAllBytesAsync(ProgramPath, cancellationToken).ConfigureAwait(false);
        if (!await IsTrustedAsync(ContentHash.Of(bytes), cancellationToken).ConfigureAwait(false))
        {
            return (RlmPromptProgram.Empty, $"ignoring {ProgramPath}: your own `memfun optimize` did not save it (a cloned repository can ship one); "
                + "review it with `memfun optimize --show`, remove it with `memfun optimize --reset`, or run `memfun optimize` to find your own.");
        }

        return (Parse(bytes), null);
    }

    /// <summary>Returns the saved program whoever saved it (for review: <c>memfun optimize --show</c>), and whether <see cref="LoadAsync"/> uses it.</summary>
    /// <exception cref="LlmException">The saved file is damaged or of another program.</exception>
    public async Task<(RlmPromptProgram Program, bool Trusted)> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(ProgramPath))
        {
            return (RlmPromptProgram.Empty, false);
        }

        var bytes = await File.ReadAllBytesAsync(ProgramPath, cancellationToken).ConfigureAwait(false);
        return (Parse(bytes), await IsTrustedAsync(ContentHash.Of(bytes), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Returns how the saved program was found, or null when there is none.</summary>
    public async Task<OptimizationRecord?> LoadRecordAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(MetadataPath))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<OptimizationRecord>(await File.ReadAllTextAsync(MetadataPath, cancellationToken).ConfigureAwait(false), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Saves <paramref name="program"/> and its record, atomically each, and records the program's hash as the user's own.</summary>
    public async Task SaveAsync(RlmPromptProgram program, OptimizationRecord record, CancellationToken cancellationToken = default)
    {
        var bytes = Encoding.UTF8.GetBytes(ProgramSerializer.Serialize(new RlmRootProgram(program)));
        await TrustAsync(ContentHash.Of(bytes), cancellationToken).ConfigureAwait(false);
        System.IO.Directory.CreateDirectory(Directory);
        await AtomicFile.WriteAsync(ProgramPath, bytes, cancellationToken).ConfigureAwait(false);
        await AtomicFile.WriteAsync(MetadataPath, JsonSerializer.SerializeToUtf8Bytes(record, Json), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the saved program; returns whether there was one.</summary>
    public bool Reset()
    {
        var existed = File.Exists(ProgramPath);
        File.Delete(ProgramPath);
        File.Delete(MetadataPath);
        return existed;
    }

    private RlmPromptProgram Parse(byte[] bytes)
    {
        var program = new RlmRootProgram(RlmPromptProgram.Empty);
        try
        {
            ProgramSerializer.Deserialize(program, Encoding.UTF8.GetString(bytes));
        }
        catch (LlmException exception)
        {
            throw new LlmException($"The optimized program {ProgramPath} cannot be used: {exception.Message}", exception)
            {
                Hint = "Remove it with `memfun optimize --reset`, then run `memfun optimize` again.",
            };
        }

        return program.ToPromptProgram();
    }

    private async Task<bool> IsTrustedAsync(string hash, CancellationToken cancellationToken) =>
        File.Exists(TrustFile) && (await File.ReadAllLinesAsync(TrustFile, cancellationToken).ConfigureAwait(false)).Any(line => line.Split(' ', 2)[0] == hash);

    private async Task TrustAsync(string hash, CancellationToken cancellationToken)
    {
        if (await IsTrustedAsync(hash, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(TrustFile)!);
        var existing = File.Exists(TrustFile) ? await File.ReadAllTextAsync(TrustFile, cancellationToken).ConfigureAwait(false) : "";
        await AtomicFile.WriteAsync(TrustFile, Encoding.UTF8.GetBytes($"{existing}{hash} {ProgramPath}\n"), cancellationToken).ConfigureAwait(false);
    }
}
