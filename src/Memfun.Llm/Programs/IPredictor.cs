using Microsoft.Extensions.AI;

namespace Memfun.Llm.Programs;

/// <summary>One tunable model step: a signature with instructions and demos that the optimizer may change.</summary>
public interface IPredictor
{
    /// <summary>Gets the step's signature.</summary>
    Signature Signature { get; }

    /// <summary>Gets or sets the instructions sent to the model (the optimizer rewrites them).</summary>
    string Instructions { get; set; }

    /// <summary>Gets the few-shot demonstrations (the optimizer chooses them).</summary>
    IList<Example> Demos { get; }

    /// <summary>Runs the step on <paramref name="inputs"/>.</summary>
    /// <exception cref="Errors.LlmParseException">The reply could not be parsed, even after one corrective retry.</exception>
    Task<Prediction> InvokeAsync(IChatClient client, IReadOnlyDictionary<string, string> inputs, ChatOptions? options = null, CancellationToken cancellationToken = default);
}
