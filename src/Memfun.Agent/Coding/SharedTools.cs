using System.Text.Json;
using System.Text.RegularExpressions;
using Memfun.Agent.Rlm;
using Memfun.Core.Errors;
using Memfun.Tools;
using Memfun.Tools.Mcp;

namespace Memfun.Agent.Coding;

/// <summary>
/// Offers Memfun's shared tools (git, repository map, ast-grep, web) and the tools of external MCP servers
/// (through <see cref="McpToolBridge"/>) to the model's code as Python functions.
/// </summary>
/// <remarks>
/// A tool takes its arguments by keyword, or positionally in the order of its JSON schema; it returns the
/// tool's text, and a failed call raises in Python with the tool's message. Approval is the tool's own:
/// a tool that is not read-only refuses to run unless its session allows writes.
/// </remarks>
public static partial class SharedTools
{
    /// <summary>The built-in tools the coding agent offers besides its own file tools (which see staged edits).</summary>
    public static readonly IReadOnlySet<string> BuiltInNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "ast_grep", "git_status", "git_diff", "git_log", "git_show", "git_blame", "repo_map", "web_fetch", "web_search",
    };

    /// <summary>Returns <paramref name="tools"/> as REPL functions.</summary>
    public static IReadOnlyList<RlmTool> ToRlmTools(IEnumerable<MemfunTool> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        return [.. tools.Select(ToRlmTool)];
    }

    private static RlmTool ToRlmTool(MemfunTool tool)
    {
        var name = IdentifierRegex().Replace(tool.Name, "_");
        var (names, required) = tool.Arguments;
        List<string> parameters = [.. names.OrderBy(p => required.Contains(p) ? 0 : 1)];
        var signature = string.Join(", ", parameters.Select(p => required.Contains(p) ? p : $"{p}=None"));
        var description = tool.Description.ReplaceLineEndings(" ");
        return new RlmTool(name, $"{name}({signature}) -> str: {(description.Length > 200 ? description[..200] + "…" : description)}", async (call, cancellationToken) =>
        {
            var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (call.TryGetProperty("args", out var args) && args.ValueKind == JsonValueKind.Array)
            {
                var position = 0;
                foreach (var value in args.EnumerateArray())
                {
                    if (position >= parameters.Count)
                    {
                        throw new ToolException(MemfunErrorCodes.ToolBadArguments, $"{name}() takes at most {parameters.Count} positional arguments.");
                    }

                    arguments[parameters[position++]] = value;
                }
            }

            if (call.TryGetProperty("kwargs", out var kwargs) && kwargs.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in kwargs.EnumerateObject())
                {
                    arguments[property.Name] = property.Value;
                }
            }

            var result = await tool.InvokeAsync(arguments, cancellationToken).ConfigureAwait(false);
            return result.IsError
                ? throw new ToolException(result.ErrorCode ?? MemfunErrorCodes.ToolFailure, result.Text)
                : HostArguments.Result(result.Text);
        });
    }

    [GeneratedRegex("[^A-Za-z0-9_]")]
    private static partial Regex IdentifierRegex();
}
