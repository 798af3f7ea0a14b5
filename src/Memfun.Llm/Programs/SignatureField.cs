namespace Memfun.Llm.Programs;

/// <summary>One input or output field of a <see cref="Signature"/>.</summary>
/// <param name="Name">The field name (snake_case by convention), used as its marker in prompts.</param>
/// <param name="Description">What the field holds, shown to the model; may be empty.</param>
/// <param name="TypeHint">The expected shape (<c>str</c>, <c>int</c>, <c>list[str]</c>...), shown to the model.</param>
public sealed record SignatureField(string Name, string Description = "", string TypeHint = "str");
