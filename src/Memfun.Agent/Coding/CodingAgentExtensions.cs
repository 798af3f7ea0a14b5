using Memfun.Agent.Rlm;

using Memfun.Tools.Mcp;

namespace Memfun.Agent.Coding;

/// <summary>What every task of a <see cref="CodingAgent"/> gets on top of its own guidance and tools.</summary>
/// <param name="Guidance">Text appended to every task's guidance (the available-skills catalogue).</param>
/// <param name="Tools">Host tools offered to every task (<c>load_skill</c>).</param>
/// <param name="SharedTools">
/// Memfun's shared tools and bridged MCP tools; each task gets them as REPL functions under its own
/// <see cref="CodingTask.Policy"/>, so a skill or agent can call only what its trust tier allows.
/// </param>
/// <param name="Variables">
/// REPL variables bound for every task besides its own: piped standard input and <c>--context</c> files, which stay out
/// of the prompt (the model sees their names, sizes and descriptions).
/// </param>
public sealed record CodingAgentExtensions(string Guidance, IReadOnlyList<RlmTool> Tools, IReadOnlyList<MemfunTool>? SharedTools = null, IReadOnlyList<RlmVariable>? Variables = null);
