using System.Text.Json;

namespace Memfun.Tools.Changes;

/// <summary>How patches and checkpoints are stored: snake_case JSON, like every file memfun writes.</summary>
internal static class ChangeJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };
}
