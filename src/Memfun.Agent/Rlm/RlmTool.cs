
using Memfun.Sandbox;

namespace Memfun.Agent.Rlm;

/// <summary>A host function offered to the model's code, with the one-line usage shown in the prompt.</summary>
/// <param name="Name">The Python name.</param>
/// <param name="Usage">How to call it and what it returns, for example <c>read_file(path, start_line=None, end_line=None) -> str</c>.</param>
/// <param name="Function">The host implementation.</param>
public sealed record RlmTool(string Name, string Usage, SandboxHostFunction Function);
