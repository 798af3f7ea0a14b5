using Microsoft.Extensions.AI;

namespace Memfun.Llm.Programs;

/// <summary>A <see cref="Predict"/> that first asks for step-by-step <c>reasoning</c>, then the signature's outputs.</summary>
public sealed class ChainOfThought : IPredictor, IProgram
{
    /// <summary>The name of the reasoning field added before the outputs.</summary>
    public const string ReasoningField = "reasoning";

    private readonly Predict _predict;

    /// <summary>Creates the step for <paramref name="signature"/>.</summary>
    public ChainOfThought(Signature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        _predict = new Predict(signature.PrependOutput(new SignatureField(ReasoningField, "Think step by step in order to produce the outputs.")));
    }

    /// <summary>Creates the step for a signature string such as <c>"question -> answer"</c>.</summary>
    public ChainOfThought(string signature, string instructions = "")
        : this(Signature.Parse(signature, instructions))
    {
    }

    /// <inheritdoc />
    public Signature Signature => _predict.Signature;

    /// <inheritdoc />
    public string Instructions
    {
        get => _predict.Instructions;
        set => _predict.Instructions = value;
    }

    /// <inheritdoc />
    public IList<Example> Demos => _predict.Demos;

    /// <inheritdoc />
    public Task<Prediction> InvokeAsync(IChatClient client, IReadOnlyDictionary<string, string> inputs, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        _predict.InvokeAsync(client, inputs, options, cancellationToken);

    /// <inheritdoc />
    public IEnumerable<KeyValuePair<string, IPredictor>> NamedPredictors()
    {
        yield return KeyValuePair.Create("self", (IPredictor)this);
    }
}
