namespace Memfun.Skills.Definitions;

/// <summary>How serious a problem in a definition is.</summary>
public enum IssueSeverity
{
    /// <summary>The definition loads, but something should be fixed (an unknown field, an unknown tool).</summary>
    Warning,

    /// <summary>The definition violates the specification and is not loaded.</summary>
    Error,
}
