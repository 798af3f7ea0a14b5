using Memfun.Agent.Rlm;
using Memfun.Llm.Programs;

namespace Memfun.Optimizer.Programs;

/// <summary>
/// The RLM root prompt's tunable state as a program of the <see cref="Llm.Programs"/> layer: one predictor,
/// <c>task -> code, answer</c>, whose instructions are the prompt's strategy and whose demos are worked examples
/// (a task, the code that solved it, the answer). <see cref="ProgramSerializer"/> saves and loads it.
/// </summary>
public sealed class RlmRootProgram : IProgram
{
    /// <summary>The predictor's signature.</summary>
    public const string SignatureText = "task -> code, answer";

    private readonly Predict _root = new(SignatureText, "Solve the task by writing Python in the REPL.");

    /// <summary>Creates the program from a prompt program.</summary>
    public RlmRootProgram(RlmPromptProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        _root.Instructions = program.Instructions;
        foreach (var demo in program.Demos)
        {
            _root.Demos.Add(Example.Of(("task", demo.Task), ("code", demo.Code), ("answer", demo.Answer)));
        }
    }

    /// <summary>Gets the program as the engine takes it.</summary>
    public RlmPromptProgram ToPromptProgram() =>
        new(_root.Instructions, [.. _root.Demos.Select(d => new RlmDemo(Field(d, "task"), Field(d, "code"), Field(d, "answer")))]);

    /// <inheritdoc />
    public IEnumerable<KeyValuePair<string, IPredictor>> NamedPredictors()
    {
        yield return KeyValuePair.Create("rlm_root", (IPredictor)_root);
    }

    private static string Field(Example example, string name) => example.TryGetValue(name, out var value) ? value : "";
}
