using Memfun.Llm.Errors;
using Microsoft.Extensions.AI;

namespace Memfun.Llm.Programs;

/// <summary>
/// The basic program step: format the signature and inputs, call the model, parse the output fields; on a
/// reply that cannot be parsed, ask once more with the problem spelled out, then fail with the raw text.
/// </summary>
public sealed class Predict : IPredictor, IProgram
{
    /// <summary>Creates a step for <paramref name="signature"/>.</summary>
    public Predict(Signature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        Signature = signature;
        Instructions = signature.Instructions;
    }

    /// <summary>Creates a step for a signature string such as <c>"question -> answer"</c>.</summary>
    public Predict(string signature, string instructions = "")
        : this(Signature.Parse(signature, instructions))
    {
    }

    /// <inheritdoc />
    public Signature Signature { get; }

    /// <inheritdoc />
    public string Instructions { get; set; }

    /// <inheritdoc />
    public IList<Example> Demos { get; } = [];

    /// <inheritdoc />
    public async Task<Prediction> InvokeAsync(IChatClient client, IReadOnlyDictionary<string, string> inputs, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var messages = ChatAdapter.Format(Signature, Instructions, Demos, inputs);
        var reply = (await client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false)).Text;
        if (ChatAdapter.TryParse(Signature, reply, out var fields, out var problem))
        {
            return new Prediction(fields, reply);
        }

        messages.Add(new ChatMessage(ChatRole.Assistant, reply));
        messages.Add(ChatAdapter.Correction(Signature, problem));
        var retry = (await client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false)).Text;
        return ChatAdapter.TryParse(Signature, retry, out fields, out problem)
            ? new Prediction(fields, retry)
            : throw new LlmParseException($"The model's reply could not be parsed for '{Signature}': {problem}.", retry);
    }

    /// <inheritdoc />
    public IEnumerable<KeyValuePair<string, IPredictor>> NamedPredictors()
    {
        yield return KeyValuePair.Create("self", (IPredictor)this);
    }
}
