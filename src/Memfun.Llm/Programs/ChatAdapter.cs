using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Memfun.Llm.Programs;

/// <summary>
/// Renders a signature, its instructions, few-shot demos and inputs into chat messages with
/// <c>[[ ## field ## ]]</c> markers, and parses the marked output fields back out of a reply, falling back to a
/// JSON object with the field names as keys.
/// </summary>
public static partial class ChatAdapter
{
    private const string CompletedMarker = "completed";

    /// <summary>Builds the messages that ask for <paramref name="signature"/>'s outputs given <paramref name="inputs"/>.</summary>
    /// <exception cref="ArgumentException">An input field of the signature is missing.</exception>
    public static List<ChatMessage> Format(Signature signature, string instructions, IEnumerable<Example> demos, IReadOnlyDictionary<string, string> inputs)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(demos);
        ArgumentNullException.ThrowIfNull(inputs);
        var missing = signature.Inputs.Where(f => !inputs.ContainsKey(f.Name)).Select(f => f.Name).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"Missing input field(s) {string.Join(", ", missing)} for signature '{signature}'.", nameof(inputs));
        }

        var messages = new List<ChatMessage> { new(ChatRole.System, SystemPrompt(signature, instructions)) };
        // A demo may lack some outputs (a ChainOfThought demo usually has no reasoning); those are left out.
        foreach (var demo in demos.Where(d => signature.Inputs.All(f => d.ContainsKey(f.Name)) && signature.Outputs.Any(f => d.ContainsKey(f.Name))))
        {
            messages.Add(new ChatMessage(ChatRole.User, UserPrompt(signature, demo)));
            messages.Add(new ChatMessage(ChatRole.Assistant, Fields(signature.Outputs, demo, withCompleted: true)));
        }

        messages.Add(new ChatMessage(ChatRole.User, UserPrompt(signature, inputs)));
        return messages;
    }

    /// <summary>Parses the output fields of <paramref name="signature"/> from a reply.</summary>
    /// <param name="signature">The expected fields.</param>
    /// <param name="reply">The model's reply.</param>
    /// <param name="fields">The parsed outputs, when every one was found.</param>
    /// <param name="problem">What was missing, when not.</param>
    public static bool TryParse(Signature signature, string reply, out IReadOnlyDictionary<string, string> fields, out string problem)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(reply);
        var found = ParseMarkers(reply);
        if (signature.Outputs.Any(f => !found.ContainsKey(f.Name)) && ParseJson(reply) is { } json)
        {
            foreach (var (name, value) in json)
            {
                found.TryAdd(name, value);
            }
        }

        var missing = signature.Outputs.Where(f => !found.ContainsKey(f.Name)).Select(f => f.Name).ToList();
        if (missing.Count > 0)
        {
            fields = new Dictionary<string, string>();
            problem = $"the reply has no {string.Join(", ", missing.Select(m => $"[[ ## {m} ## ]]"))} field";
            return false;
        }

        fields = signature.Outputs.ToDictionary(f => f.Name, f => found[f.Name], StringComparer.Ordinal);
        problem = "";
        return true;
    }

    /// <summary>The follow-up message that asks the model to repair an unparseable reply.</summary>
    public static ChatMessage Correction(Signature signature, string problem)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return new ChatMessage(ChatRole.User,
            $"Your reply could not be parsed: {problem}. Reply again with every output field, each after its marker "
            + $"({string.Join(", ", signature.Outputs.Select(f => $"[[ ## {f.Name} ## ]]"))}), then [[ ## {CompletedMarker} ## ]].");
    }

    private static string SystemPrompt(Signature signature, string instructions)
    {
        var text = new StringBuilder();
        text.Append("Your input fields are:\n");
        AppendFieldList(text, signature.Inputs);
        text.Append("Your output fields are:\n");
        AppendFieldList(text, signature.Outputs);
        text.Append("\nAll interactions will be structured in the following way, with the appropriate values filled in.\n\n");
        foreach (var field in signature.Inputs.Concat(signature.Outputs))
        {
            text.Append(Marker(field.Name)).Append('\n').Append('{').Append(field.Name).Append("}\n\n");
        }

        text.Append(Marker(CompletedMarker)).Append("\n\nIn adhering to this structure, your objective is:\n").Append(instructions.Trim());
        return text.ToString();
    }

    private static string UserPrompt(Signature signature, IReadOnlyDictionary<string, string> values) =>
        Fields(signature.Inputs, values, withCompleted: false)
        + $"Respond with the corresponding output fields, starting with the field {Marker(signature.Outputs[0].Name)}, "
        + $"then the others in order ({string.Join(", ", signature.Outputs.Select(f => $"`{f.Name}`"))}), and end with the marker {Marker(CompletedMarker)}.";

    private static string Fields(IEnumerable<SignatureField> fields, IReadOnlyDictionary<string, string> values, bool withCompleted)
    {
        var text = new StringBuilder();
        foreach (var field in fields)
        {
            if (values.TryGetValue(field.Name, out var value))
            {
                text.Append(Marker(field.Name)).Append('\n').Append(value).Append("\n\n");
            }
        }

        if (withCompleted)
        {
            text.Append(Marker(CompletedMarker));
        }

        return text.ToString();
    }

    private static void AppendFieldList(StringBuilder text, IReadOnlyList<SignatureField> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            text.Append(i + 1).Append(". `").Append(fields[i].Name).Append("` (").Append(fields[i].TypeHint).Append(')');
            if (fields[i].Description.Length > 0)
            {
                text.Append(": ").Append(fields[i].Description);
            }

            text.Append('\n');
        }
    }

    private static string Marker(string name) => $"[[ ## {name} ## ]]";

    private static Dictionary<string, string> ParseMarkers(string reply)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var markers = MarkerRegex().Matches(reply);
        for (var i = 0; i < markers.Count; i++)
        {
            var name = markers[i].Groups["name"].Value;
            var start = markers[i].Index + markers[i].Length;
            var end = i + 1 < markers.Count ? markers[i + 1].Index : reply.Length;
            if (name != CompletedMarker)
            {
                found.TryAdd(name, reply[start..end].Trim());
            }
        }

        return found;
    }

    private static Dictionary<string, string>? ParseJson(string reply)
    {
        var start = reply.IndexOf('{', StringComparison.Ordinal);
        var end = reply.LastIndexOf('}');
        if (start < 0 || end <= start)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(reply[start..(end + 1)]);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return document.RootElement.EnumerateObject().ToDictionary(
                p => p.Name,
                p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(),
                StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\[\[ ## (?<name>\w+) ## \]\]")]
    private static partial Regex MarkerRegex();
}
