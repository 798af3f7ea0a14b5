namespace Memfun.Llm.Providers;

/// <summary>Which configured model a client calls.</summary>
public enum ModelRole
{
    /// <summary>The root model (<c>[llm] model</c>), which drives the agent.</summary>
    Root,

    /// <summary>The sub-call model (<c>[llm] sub_model</c>), used by <c>llm_query</c>.</summary>
    Sub,
}
