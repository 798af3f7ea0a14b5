namespace Memfun.Llm.Programs;

/// <summary>Marks a property of a signature record as an input field.</summary>
/// <param name="description">What the field holds, shown to the model.</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class InputFieldAttribute(string description = "") : Attribute
{
    /// <summary>Gets what the field holds.</summary>
    public string Description { get; } = description;
}
