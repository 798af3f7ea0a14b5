using Memfun.Core.Errors;

namespace Memfun.Tools.Files;

/// <summary>The tool errors shared by several tools, so their wording stays the same.</summary>
internal static class ToolErrors
{
    public static ToolException BadArgument(string message) => new(MemfunErrorCodes.ToolBadArguments, message);

    public static ToolException NotFound(string path) =>
        new(MemfunErrorCodes.ToolBadArguments, $"'{path}' does not exist. List the directory to see what is there.");

    public static ToolException MissingProgram(string program, string install) =>
        new(MemfunErrorCodes.ToolFailure, $"'{program}' is not installed. Install it with: {install}.");
}
