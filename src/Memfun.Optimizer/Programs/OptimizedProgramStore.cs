using System.Text.Json;
using Memfun.Agent.Rlm;
using Memfun.Core.Files;
using Memfun.Llm.Errors;
using Memfun.Llm.Programs;

namespace Memfun.Optimizer.Programs;

/// <summary>
/// The optimized root program of a project, in <c>.memfun/optimized/</c>: <c>rlm-root.json</c> (the program, as
/// <see cref="ProgramSerializer"/> writes it) and <c>rlm-root.meta.json</c> (how it was found). Every agent run of
/// the project uses it until <c>memfun optimize --reset</c> removes it.
/// </summary>
public sealed class OptimizedProgramStore(string stateDirectory)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Gets the folder of optimized programs.</summary>
    public string Directory { get; } = Path.Combine(stateDirectory, "optimized");

    /// <summary>Gets the saved root program's file.</summary>
    public string ProgramPath => Path.Combine(Directory, "rlm-root.json");

    /// <summary>Gets the file that says how the program was found.</summary>
    public string MetadataPath => Path.Combine(Directory, "rlm-root.meta.json");

    /// <summary>Returns the saved program, or <see cref="RlmPromptProgram.Empty"/> when there is none.</summary>
    /// <exception cref="LlmException">The saved file is damaged or of another program (run <c>memfun optimize --reset</c>).</exception>
    public async Task<RlmPromptProgram> LoadAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(ProgramPath))
        {
            return RlmPromptProgram.Empty;
        }

        var program = new RlmRootProgram(RlmPromptProgram.Empty);
        try
        {
            await ProgramSerializer.LoadAsync(program, ProgramPath, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Saves <paramref name="program"/> and its record, atomically each.</summary>
    public async Task SaveAsync(RlmPromptProgram program, OptimizationRecord record, CancellationToken cancellationToken = default)
    {
        System.IO.Directory.CreateDirectory(Directory);
        await ProgramSerializer.SaveAsync(new RlmRootProgram(program), ProgramPath, cancellationToken).ConfigureAwait(false);
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
}
