using System.ComponentModel;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Memfun.Core.Errors;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Protocol;

namespace Memfun.Tools.Mcp;

/// <summary>A tool the agent, the MCP gateway and the tool bridge can call: name, JSON schema, effects and a function.</summary>
/// <remarks>
/// <para>Calls never throw for bad input: <see cref="MemfunException"/>s, argument binding errors and JSON errors
/// become an error <see cref="ToolCallResult"/> (MCP <c>isError</c>) carrying the Memfun error code.</para>
/// <para>Approval: a tool that is not <see cref="ToolEffects.ReadOnly"/> refuses to run with
/// <see cref="MemfunErrorCodes.SecurityApprovalRequired"/> unless it was created with writes allowed.</para>
/// Thread-safe when the underlying function is.
/// </remarks>
public sealed class MemfunTool
{
    private MemfunTool(AIFunction function, string name, string description, ToolEffects effects, bool openWorld, bool writesAllowed)
    {
        Name = name;
        Description = description;
        Effects = effects;
        OpenWorld = openWorld;
        WritesAllowed = writesAllowed;
        Function = new GuardedFunction(function, this);
    }

    /// <summary>Gets the tool name (letters, digits, <c>_</c>, <c>-</c> and <c>.</c>).</summary>
    public string Name { get; }

    /// <summary>Gets the description shown to models.</summary>
    public string Description { get; }

    /// <summary>Gets what the tool may change.</summary>
    public ToolEffects Effects { get; }

    /// <summary>Gets a value indicating whether the tool reaches outside the project (web tools, external servers).</summary>
    public bool OpenWorld { get; }

    /// <summary>Gets a value indicating whether the tool may run when it is not read-only.</summary>
    public bool WritesAllowed { get; }

    /// <summary>Gets the JSON schema of the arguments.</summary>
    public JsonElement InputSchema => Function.JsonSchema;

    /// <summary>Gets the function (never throws <see cref="MemfunException"/>; returns an MCP <see cref="CallToolResult"/>).</summary>
    public AIFunction Function { get; }

    /// <summary>Creates a tool from a method; its description comes from the method's <see cref="DescriptionAttribute"/>.</summary>
    /// <param name="method">The method, bound to its instance. Parameter <see cref="DescriptionAttribute"/>s describe the arguments.</param>
    /// <param name="name">The tool name.</param>
    /// <param name="effects">What the tool may change.</param>
    /// <param name="writesAllowed">Whether a non-read-only tool may run.</param>
    /// <param name="openWorld">Whether the tool reaches outside the project.</param>
    public static MemfunTool Create(Delegate method, string name, ToolEffects effects, bool writesAllowed, bool openWorld = false)
    {
        ArgumentNullException.ThrowIfNull(method);
        var description = method.Method.GetCustomAttribute<DescriptionAttribute>()?.Description ?? name;
        var function = AIFunctionFactory.Create(method, new AIFunctionFactoryOptions { Name = name, Description = description });
        return new MemfunTool(function, name, description, effects, openWorld, writesAllowed);
    }

    /// <summary>Wraps an existing function (for example a tool of an external MCP server).</summary>
    /// <param name="function">The function.</param>
    /// <param name="name">The tool name to publish.</param>
    /// <param name="effects">What the tool may change.</param>
    /// <param name="writesAllowed">Whether a non-read-only tool may run.</param>
    /// <param name="openWorld">Whether the tool reaches outside the project.</param>
    public static MemfunTool FromFunction(AIFunction function, string name, ToolEffects effects, bool writesAllowed, bool openWorld = true)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new MemfunTool(function, name, function.Description, effects, openWorld, writesAllowed);
    }

    /// <summary>Calls the tool.</summary>
    /// <param name="arguments">The arguments by name (JSON elements or plain values).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The text result, or an error result.</returns>
    public async ValueTask<ToolCallResult> InvokeAsync(IReadOnlyDictionary<string, object?>? arguments = null, CancellationToken cancellationToken = default)
    {
        var result = await Function.InvokeAsync(new AIFunctionArguments(arguments?.ToDictionary() ?? []), cancellationToken).ConfigureAwait(false);
        return ToResult((CallToolResult)result!);
    }

    /// <summary>Converts an MCP result to a <see cref="ToolCallResult"/>, joining its text blocks.</summary>
    /// <param name="result">The MCP result.</param>
    public static ToolCallResult ToResult(CallToolResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        foreach (var block in result.Content)
        {
            text.Append(block is TextContentBlock t ? t.Text : $"[{block.Type} content]");
        }

        var value = text.ToString();
        var code = result.IsError == true && value.Length > 7 && value.StartsWith("MF", StringComparison.Ordinal) && value[6] == ':' ? value[..6] : null;
        return new ToolCallResult(value, result.IsError == true, code);
    }

    private static CallToolResult Text(string text, bool isError = false) => new() { Content = [new TextContentBlock { Text = text }], IsError = isError };

    /// <summary>Runs the inner function and turns expected failures into error results.</summary>
    private sealed class GuardedFunction(AIFunction inner, MemfunTool tool) : DelegatingAIFunction(inner)
    {
        protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
        {
            if (tool.Effects != ToolEffects.ReadOnly && !tool.WritesAllowed)
            {
                return Failure(MemfunErrorCodes.SecurityApprovalRequired, $"{tool.Name} changes the project and writes are not allowed in this session; restart with writes allowed (for example `memfun mcp serve --allow-writes`).");
            }

            try
            {
                var result = await base.InvokeCoreAsync(arguments, cancellationToken).ConfigureAwait(false);
                return result switch
                {
                    CallToolResult call => call,
                    string text => Text(text),
                    JsonElement { ValueKind: JsonValueKind.String } json => Text(json.GetString() ?? string.Empty),
                    null => Text(string.Empty),
                    _ => Text(JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions)),
                };
            }
            catch (MemfunException e)
            {
                return Failure(e.ErrorCode, e.Hint is null ? e.Message : $"{e.Message} {e.Hint}");
            }
            catch (Exception e) when (e is ArgumentException or JsonException or NotSupportedException or FormatException or InvalidCastException)
            {
                return Failure(MemfunErrorCodes.ToolBadArguments, $"Invalid arguments for {tool.Name}: {e.Message}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Failure(MemfunErrorCodes.ToolFailure, $"{tool.Name} failed: {e.Message}");
            }
        }

        private static CallToolResult Failure(string code, string message) => Text($"{code}: {message}", isError: true);
    }
}
