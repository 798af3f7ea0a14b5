namespace Memfun.Tools.Mcp;

/// <summary>What calling a tool may do, published as MCP tool annotations and used by the approval policy.</summary>
public enum ToolEffects
{
    /// <summary>Only reads the project or the outside world (<c>readOnlyHint</c>).</summary>
    ReadOnly,

    /// <summary>Changes the project but only adds or updates (not <c>readOnlyHint</c>, not <c>destructiveHint</c>).</summary>
    Write,

    /// <summary>May overwrite or remove data (<c>destructiveHint</c>).</summary>
    Destructive,
}
