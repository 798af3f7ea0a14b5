using System.ComponentModel;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Memfun.Core.Errors;
using Memfun.Tools.Permissions;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Protocol;

namespace Memfun.Tools.Mcp;

/// <summary>A tool the agent, the MCP gateway and the tool bridge can call: name, JSON schema, effects and a function.</summary>
/// <remarks>
/// <para>Calls never throw for bad input: <see cref="MemfunException"/>s, argument binding errors and JSON errors
/// become an error <see cref="ToolCallResult"/> (MCP <c>isError</c>) carrying the Memfun error code.</para>
/// <para>Permissions: every call is decided by the tool's <see cref="TrustPolicy"/> for its <see cref="Action"/> — the one
/// enforcement point for the agent, skills, AGENT.md agents, MCP clients and bridged tools. <see cref="Permission.Ask"/>
/// refuses with <see cref="MemfunErrorCodes.SecurityApprovalRequired"/> (a tool call has nobody to ask),
/// <see cref="Permission.Deny"/> with <see cref="MemfunErrorCodes.SecurityDenied"/>. <see cref="WithPolicy"/> gives the
/// same tool to another caller.</para>
/// Thread-safe when the underlying function is.
/// </remarks>
public sealed class MemfunTool
{
    private readonly Lazy<AIFunction> _inner;
    private readonly Lazy<AIFunction> _function;
    private readonly Lazy<(IReadOnlyList<string> Names, IReadOnlySet<string> Required)> _arguments;

    private MemfunTool(Lazy<AIFunction> function, Lazy<(IReadOnlyList<string> Names, IReadOnlySet<string> Required)> arguments, string name, string description, ToolEffects effects, bool openWorld, TrustPolicy policy, bool idempotent = false)
    {
        Idempotent = idempotent || effects == ToolEffects.ReadOnly;
        _inner = function;
        Name = name;
        Description = description;
        Effects = effects;
        OpenWorld = openWorld;
        Policy = policy;
        _function = new(() => new GuardedFunction(_inner.Value, this));
        _arguments = arguments;
    }

    /// <summary>Gets the tool name (letters, digits, <c>_</c>, <c>-</c> and <c>.</c>).</summary>
    public string Name { get; }

    /// <summary>Gets the description shown to models.</summary>
    public string Description { get; }

    /// <summary>Gets what the tool may change.</summary>
    public ToolEffects Effects { get; }

    /// <summary>Gets a value indicating whether the tool reaches outside the project (web tools, external servers).</summary>
    public bool OpenWorld { get; }

    /// <summary>Gets a value indicating whether calling the tool again with the same arguments changes nothing more (every read-only tool; <c>write_file</c>).</summary>
    public bool Idempotent { get; }

    /// <summary>Gets the policy of the caller the tool was given to.</summary>
    public TrustPolicy Policy { get; }

    /// <summary>Gets what a call does for permissions: a write, a network call (open-world read) or a read.</summary>
    public ToolAction Action => Effects != ToolEffects.ReadOnly ? ToolAction.Write : OpenWorld ? ToolAction.Network : ToolAction.Read;

    /// <summary>Gets the names of the arguments in the method's order, and those that are required (the names and
    /// <c>required</c> of <see cref="InputSchema"/>).</summary>
    /// <remarks>A tool made from a method reads them from its parameters, so offering the tool to the REPL does not
    /// build its function and schema.</remarks>
    public (IReadOnlyList<string> Names, IReadOnlySet<string> Required) Arguments => _arguments.Value;

    /// <summary>Gets the JSON schema of the arguments.</summary>
    public JsonElement InputSchema => Function.JsonSchema;

    /// <summary>Gets the function (never throws <see cref="MemfunException"/>; returns an MCP <see cref="CallToolResult"/>).</summary>
    /// <remarks>Built on first use (its schema is made by reflection over the method): a command that offers a few of the
    /// built-in tools does not pay for the others.</remarks>
    public AIFunction Function => _function.Value;

    /// <summary>Creates a tool from a method; its description comes from the method's <see cref="DescriptionAttribute"/>.</summary>
    /// <param name="method">The method, bound to its instance. Parameter <see cref="DescriptionAttribute"/>s describe the arguments.</param>
    /// <param name="name">The tool name.</param>
    /// <param name="effects">What the tool may change.</param>
    /// <param name="policy">The policy of the caller the tool is made for.</param>
    /// <param name="openWorld">Whether the tool reaches outside the project.</param>
    public static MemfunTool Create(Delegate method, string name, ToolEffects effects, TrustPolicy policy, bool openWorld = false)
    {
        ArgumentNullException.ThrowIfNull(method);
        var description = method.Method.GetCustomAttribute<DescriptionAttribute>()?.Description ?? name;
        return new MemfunTool(new(() => AIFunctionFactory.Create(method, new AIFunctionFactoryOptions { Name = name, Description = description })), new(() => ArgumentsOf(method.Method)), name, description, effects, openWorld, policy);
    }

    /// <summary>Wraps an existing function (for example a tool of an external MCP server).</summary>
    /// <param name="function">The function.</param>
    /// <param name="name">The tool name to publish.</param>
    /// <param name="effects">What the tool may change.</param>
    /// <param name="policy">The policy of the caller the tool is made for.</param>
    /// <param name="openWorld">Whether the tool reaches outside the project.</param>
    public static MemfunTool FromFunction(AIFunction function, string name, ToolEffects effects, TrustPolicy policy, bool openWorld = true)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new MemfunTool(new(function), new(() => ArgumentsOf(function.JsonSchema)), name, function.Description, effects, openWorld, policy);
    }

    /// <summary>Returns the same tool for a caller with another policy (a skill's or an agent's trust tier).</summary>
    /// <param name="policy">The caller's policy.</param>
    public MemfunTool WithPolicy(TrustPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new MemfunTool(_inner, _arguments, Name, Description, Effects, OpenWorld, policy, Idempotent);
    }

    /// <summary>Returns the same tool marked idempotent: a second call with the same arguments changes nothing more.</summary>
    public MemfunTool AsIdempotent() => new(_inner, _arguments, Name, Description, Effects, OpenWorld, Policy, idempotent: true);

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

    // The parameters the function factory turns into arguments: all but those it binds itself.
    private static (IReadOnlyList<string> Names, IReadOnlySet<string> Required) ArgumentsOf(MethodInfo method)
    {
        var parameters = method.GetParameters()
            .Where(p => p.ParameterType != typeof(CancellationToken) && p.ParameterType != typeof(AIFunctionArguments) && p.ParameterType != typeof(IServiceProvider))
            .ToList();
        return ([.. parameters.Select(p => p.Name!)], parameters.Where(p => !p.HasDefaultValue).Select(p => p.Name!).ToHashSet(StringComparer.Ordinal));
    }

    private static (IReadOnlyList<string> Names, IReadOnlySet<string> Required) ArgumentsOf(JsonElement schema)
    {
        IReadOnlyList<string> names = schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            ? [.. properties.EnumerateObject().Select(p => p.Name)]
            : [];
        IReadOnlySet<string> required = schema.TryGetProperty("required", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(r => r.GetString() ?? "").ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
        return (names, required);
    }

    private static CallToolResult Text(string text, bool isError = false) => new() { Content = [new TextContentBlock { Text = text }], IsError = isError };

    /// <summary>Runs the inner function and turns expected failures into error results.</summary>
    private sealed class GuardedFunction(AIFunction inner, MemfunTool tool) : DelegatingAIFunction(inner)
    {
        protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
        {
            switch (tool.Policy.For(tool.Action))
            {
                case Permission.Ask when tool.Action == ToolAction.Write && tool.Policy.Tier == TrustTier.Operator:
                    return Failure(MemfunErrorCodes.SecurityApprovalRequired, $"{tool.Name} changes the project and writes are not allowed in this session; restart with writes allowed (for example `memfun mcp serve --allow-writes`).");
                case Permission.Ask:
                    return Failure(MemfunErrorCodes.SecurityApprovalRequired, $"{tool.Name} needs approval ({Describe(tool.Action)} by a {TrustTiers.Name(tool.Policy.Tier)} caller) and a tool call cannot ask for it.");
                case Permission.Deny:
                    return Failure(MemfunErrorCodes.SecurityDenied, $"{tool.Name} is refused: a {TrustTiers.Name(tool.Policy.Tier)} caller may not do {Describe(tool.Action)}.");
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

        private static string Describe(ToolAction action) => action switch
        {
            ToolAction.Write => "writes",
            ToolAction.Command => "commands",
            ToolAction.Network => "network access",
            _ => "reads",
        };

        private static CallToolResult Failure(string code, string message) => Text($"{code}: {message}", isError: true);
    }
}
