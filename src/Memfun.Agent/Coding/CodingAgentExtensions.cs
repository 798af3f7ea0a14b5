using Memfun.Agent.Rlm;

namespace Memfun.Agent.Coding;

/// <summary>What every task of a <see cref="CodingAgent"/> gets on top of its own guidance and tools.</summary>
/// <param name="Guidance">Text appended to every task's guidance (the available-skills catalogue).</param>
/// <param name="Tools">Host tools offered to every task (<c>load_skill</c>).</param>
public sealed record CodingAgentExtensions(string Guidance, IReadOnlyList<RlmTool> Tools);
