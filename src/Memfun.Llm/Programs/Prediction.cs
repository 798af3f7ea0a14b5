using System.Globalization;

namespace Memfun.Llm.Programs;

/// <summary>A program's output: the parsed output fields and the model's raw reply.</summary>
/// <param name="Fields">The output fields by name.</param>
/// <param name="RawText">The model reply they were parsed from.</param>
public sealed record Prediction(IReadOnlyDictionary<string, string> Fields, string RawText)
{
    /// <summary>Gets an output field.</summary>
    /// <exception cref="KeyNotFoundException">The signature has no such output.</exception>
    public string this[string name] => Fields[name];

    /// <summary>Gets an output field as a number.</summary>
    /// <exception cref="FormatException">The field is not a number.</exception>
    public double GetNumber(string name) => double.Parse(Fields[name].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
}
