using System.Text.Json;
using System.Text.Json.Serialization;
using Memfun.Core.Files;
using Memfun.Llm.Errors;

namespace Memfun.Llm.Programs;

/// <summary>
/// Saves a program's tunable state (each predictor's instructions and demos) to JSON and loads it back, so an
/// optimizer's result can be kept and reused.
/// </summary>
/// <remarks>Loading checks that each saved predictor exists with the same signature; a mismatch changes nothing.</remarks>
public static class ProgramSerializer
{
    private const int FormatVersion = 1;
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Returns the program's state as JSON.</summary>
    public static string Serialize(IProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var state = new ProgramFile(FormatVersion, program.NamedPredictors().ToDictionary(
            p => p.Key,
            p => new PredictorState(p.Value.Signature.ToString(), p.Value.Instructions, [.. p.Value.Demos.Select(d => d.ToDictionary(f => f.Key, f => f.Value))]),
            StringComparer.Ordinal));
        return JsonSerializer.Serialize(state, Json);
    }

    /// <summary>Applies state produced by <see cref="Serialize"/> to <paramref name="program"/>.</summary>
    /// <exception cref="LlmException">The JSON is malformed or does not match the program.</exception>
    public static void Deserialize(IProgram program, string json)
    {
        ArgumentNullException.ThrowIfNull(program);
        ProgramFile? state;
        try
        {
            state = JsonSerializer.Deserialize<ProgramFile>(json, Json);
        }
        catch (JsonException exception)
        {
            throw new LlmException($"The saved program is not valid JSON: {exception.Message}", exception);
        }

        if (state is null || state.Version != FormatVersion || state.Predictors is null)
        {
            throw new LlmException($"The saved program has an unknown format (expected version {FormatVersion}).");
        }

        var predictors = program.NamedPredictors().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var (name, saved) in state.Predictors)
        {
            if (!predictors.TryGetValue(name, out var predictor))
            {
                throw new LlmException($"The saved program has a predictor '{name}' that this program does not.");
            }

            if (saved.Signature != predictor.Signature.ToString())
            {
                throw new LlmException($"The saved predictor '{name}' has signature '{saved.Signature}', but this program's is '{predictor.Signature}'.");
            }
        }

        foreach (var (name, saved) in state.Predictors)
        {
            var predictor = predictors[name];
            predictor.Instructions = saved.Instructions;
            predictor.Demos.Clear();
            foreach (var demo in saved.Demos)
            {
                predictor.Demos.Add(new Example(demo));
            }
        }
    }

    /// <summary>Writes the program's state to <paramref name="path"/>, atomically.</summary>
    public static async Task SaveAsync(IProgram program, string path, CancellationToken cancellationToken = default)
    {
        await AtomicFile.WriteAsync(Path.GetFullPath(path), System.Text.Encoding.UTF8.GetBytes(Serialize(program)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies the state saved at <paramref name="path"/> to <paramref name="program"/>.</summary>
    public static async Task LoadAsync(IProgram program, string path, CancellationToken cancellationToken = default) =>
        Deserialize(program, await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));

    private sealed record ProgramFile(int Version, Dictionary<string, PredictorState>? Predictors);

    private sealed record PredictorState(
        string Signature,
        string Instructions,
        [property: JsonPropertyName("demos")] List<Dictionary<string, string>> Demos);
}
