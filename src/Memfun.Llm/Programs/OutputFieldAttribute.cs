namespace Memfun.Llm.Programs;

/// <summary>Marks a property of a signature record as an output field.</summary>
/// <param name="description">What the field must hold, shown to the model.</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OutputFieldAttribute(string description = "") : Attribute
{
    /// <summary>Gets what the field must hold.</summary>
    public string Description { get; } = description;
}
