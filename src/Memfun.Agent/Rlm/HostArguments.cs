using System.Text.Json;
using Memfun.Core.Errors;
using Memfun.Tools;

namespace Memfun.Agent.Rlm;

/// <summary>Reads the positional-or-keyword arguments of a host call (<c>{"args": [...], "kwargs": {...}}</c>).</summary>
/// <param name="function">The function's name, for error messages.</param>
/// <param name="call">The call's arguments.</param>
public readonly struct HostArguments(string function, JsonElement call)
{
    /// <summary>Returns a required argument as text (non-string JSON as its raw text).</summary>
    /// <exception cref="ToolException">The argument is missing.</exception>
    public string Text(int position, string name) =>
        Optional(position, name) is { ValueKind: JsonValueKind.String } value ? value.GetString()!
        : Optional(position, name) is { } other && other.ValueKind is not JsonValueKind.Null ? other.GetRawText()
        : throw Missing(name);

    /// <summary>Returns an optional string argument.</summary>
    public string? OptionalString(int position, string name) =>
        Optional(position, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    /// <summary>Returns an optional integer argument.</summary>
    public int? OptionalInt(int position, string name) =>
        Optional(position, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var number) ? number : null;

    /// <summary>Returns a required list-of-strings argument.</summary>
    /// <exception cref="ToolException">The argument is missing or not a list.</exception>
    public IReadOnlyList<string> Strings(int position, string name)
    {
        if (Optional(position, name) is not { ValueKind: JsonValueKind.Array } list)
        {
            throw new ToolException(MemfunErrorCodes.ToolBadArguments, $"{function}() needs '{name}' as a list of strings.");
        }

        return [.. list.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText())];
    }

    private JsonElement? Optional(int position, string name)
    {
        if (call.TryGetProperty("kwargs", out var kwargs) && kwargs.ValueKind == JsonValueKind.Object && kwargs.TryGetProperty(name, out var named))
        {
            return named;
        }

        return call.TryGetProperty("args", out var args) && args.ValueKind == JsonValueKind.Array && args.GetArrayLength() > position
            ? args[position]
            : null;
    }

    /// <summary>Returns a host function's result as the JSON value the kernel hands back to Python.</summary>
    public static JsonElement Result<T>(T value) => JsonSerializer.SerializeToElement(value);

    private ToolException Missing(string name) => new(MemfunErrorCodes.ToolBadArguments, $"{function}() is missing its '{name}' argument.");
}
