using System.ComponentModel;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Memfun.Llm.Programs;

/// <summary>
/// What a program step takes and returns: named input and output fields plus instructions, as in DSPy.
/// Written as a string (<c>"question, context -> answer"</c>, optionally typed: <c>"code -> issues: list[str]"</c>)
/// or declared as a record whose properties carry <see cref="InputFieldAttribute"/> and <see cref="OutputFieldAttribute"/>.
/// </summary>
public sealed partial record Signature
{
    /// <summary>Creates a signature.</summary>
    /// <exception cref="ArgumentException">A name is not an identifier, is repeated, or there is no output.</exception>
    public Signature(IReadOnlyList<SignatureField> inputs, IReadOnlyList<SignatureField> outputs, string instructions = "")
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Count == 0)
        {
            throw new ArgumentException("A signature needs at least one output field.", nameof(outputs));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in inputs.Concat(outputs))
        {
            if (!IdentifierRegex().IsMatch(field.Name))
            {
                throw new ArgumentException($"Field name '{field.Name}' is not an identifier (letters, digits, underscores).", nameof(inputs));
            }

            if (!names.Add(field.Name))
            {
                throw new ArgumentException($"Field '{field.Name}' appears twice.", nameof(inputs));
            }
        }

        Inputs = inputs;
        Outputs = outputs;
        Instructions = string.IsNullOrWhiteSpace(instructions) ? DefaultInstructions(inputs, outputs) : instructions.Trim();
    }

    /// <summary>Gets the input fields, in order.</summary>
    public IReadOnlyList<SignatureField> Inputs { get; }

    /// <summary>Gets the output fields, in order.</summary>
    public IReadOnlyList<SignatureField> Outputs { get; }

    /// <summary>Gets the task description given to the model.</summary>
    public string Instructions { get; init; }

    /// <summary>Parses <c>"in1, in2 -> out1: type, out2"</c>.</summary>
    /// <exception cref="FormatException">The text is not of that form.</exception>
    public static Signature Parse(string text, string instructions = "")
    {
        ArgumentNullException.ThrowIfNull(text);
        var sides = text.Split("->");
        if (sides.Length != 2)
        {
            throw new FormatException($"A signature is 'inputs -> outputs' with exactly one '->': '{text}'.");
        }

        try
        {
            return new Signature(ParseFields(sides[0]), ParseFields(sides[1]), instructions);
        }
        catch (ArgumentException exception)
        {
            throw new FormatException($"Invalid signature '{text}': {exception.Message}", exception);
        }
    }

    /// <summary>Reads the signature declared by <typeparamref name="T"/>: its <see cref="DescriptionAttribute"/> is the instructions.</summary>
    public static Signature FromType<T>()
    {
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var inputs = properties
            .Where(p => p.GetCustomAttribute<InputFieldAttribute>() is not null)
            .Select(p => new SignatureField(SnakeCase(p.Name), p.GetCustomAttribute<InputFieldAttribute>()!.Description, TypeHintOf(p.PropertyType)))
            .ToList();
        var outputs = properties
            .Where(p => p.GetCustomAttribute<OutputFieldAttribute>() is not null)
            .Select(p => new SignatureField(SnakeCase(p.Name), p.GetCustomAttribute<OutputFieldAttribute>()!.Description, TypeHintOf(p.PropertyType)))
            .ToList();
        return new Signature(inputs, outputs, typeof(T).GetCustomAttribute<DescriptionAttribute>()?.Description ?? "");
    }

    /// <summary>Returns this signature with <paramref name="field"/> as the first output.</summary>
    public Signature PrependOutput(SignatureField field) => new(Inputs, [field, .. Outputs], Instructions);

    /// <summary>Gets the compact form, <c>"in1, in2 -> out1, out2"</c>.</summary>
    public override string ToString() => $"{string.Join(", ", Inputs.Select(f => f.Name))} -> {string.Join(", ", Outputs.Select(f => f.Name))}";

    private static List<SignatureField> ParseFields(string side) =>
        side.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split(':', 2, StringSplitOptions.TrimEntries))
            .Select(pieces => new SignatureField(pieces[0], "", pieces.Length == 2 && pieces[1].Length > 0 ? pieces[1] : "str"))
            .ToList();

    private static string DefaultInstructions(IReadOnlyList<SignatureField> inputs, IReadOnlyList<SignatureField> outputs) =>
        $"Given the fields {Quoted(inputs)}, produce the fields {Quoted(outputs)}.";

    private static string Quoted(IEnumerable<SignatureField> fields) => string.Join(", ", fields.Select(f => $"`{f.Name}`"));

    private static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    private static string TypeHintOf(Type type) => type switch
    {
        _ when type == typeof(string) => "str",
        _ when type == typeof(int) || type == typeof(long) => "int",
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "float",
        _ when type == typeof(bool) => "bool",
        _ when type.IsAssignableTo(typeof(System.Collections.IEnumerable)) => "list",
        _ => type.Name,
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierRegex();
}
