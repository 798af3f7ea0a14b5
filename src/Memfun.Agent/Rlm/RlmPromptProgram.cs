namespace Memfun.Agent.Rlm;

/// <summary>
/// The tunable part of the root model's system prompt: strategy instructions and worked examples, which
/// <c>memfun optimize</c> searches and saves under <c>.memfun/optimized/</c>.
/// </summary>
/// <param name="Instructions">Strategy instructions shown under "Strategy" (empty: none).</param>
/// <param name="Demos">Worked examples shown under "Worked examples" (empty: none).</param>
public sealed record RlmPromptProgram(string Instructions, IReadOnlyList<RlmDemo> Demos)
{
    /// <summary>Gets the program that adds nothing to the prompt.</summary>
    public static RlmPromptProgram Empty { get; } = new("", []);

    /// <summary>Gets whether the program adds nothing to the prompt.</summary>
    public bool IsEmpty => Instructions.Trim().Length == 0 && Demos.Count == 0;
}
