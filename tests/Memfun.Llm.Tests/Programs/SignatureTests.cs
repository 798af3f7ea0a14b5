using System.ComponentModel;
using Memfun.Llm.Programs;

namespace Memfun.Llm.Tests.Programs;

public sealed class SignatureTests
{
    [Fact]
    public void Parse_ReadsInputsOutputsAndTypeHints()
    {
        var signature = Signature.Parse("question, context -> answer, confidence: float", "Answer from the context.");

        Assert.Equal(["question", "context"], signature.Inputs.Select(f => f.Name));
        Assert.Equal(["answer", "confidence"], signature.Outputs.Select(f => f.Name));
        Assert.Equal(["str", "float"], signature.Outputs.Select(f => f.TypeHint));
        Assert.Equal("Answer from the context.", signature.Instructions);
        Assert.Equal("question, context -> answer, confidence", signature.ToString());
    }

    [Theory]
    [InlineData("question answer")]
    [InlineData("a -> b -> c")]
    [InlineData("question ->")]
    [InlineData("a, a -> b")]
    [InlineData("a -> b c")]
    public void Parse_RejectsMalformedSignatures(string text) =>
        Assert.Throws<FormatException>(() => Signature.Parse(text));

    [Fact]
    public void Parse_WithoutInstructions_DescribesTheTask()
    {
        var signature = Signature.Parse("code -> summary");

        Assert.Equal("Given the fields `code`, produce the fields `summary`.", signature.Instructions);
    }

    [Fact]
    public void FromType_ReadsAttributedPropertiesInSnakeCase()
    {
        var signature = Signature.FromType<ReviewSignature>();

        Assert.Equal("Review a change for bugs.", signature.Instructions);
        Assert.Equal(["diff_text"], signature.Inputs.Select(f => f.Name));
        Assert.Equal(["issues", "severity_score"], signature.Outputs.Select(f => f.Name));
        Assert.Equal("The unified diff.", signature.Inputs[0].Description);
        Assert.Equal(["list", "int"], signature.Outputs.Select(f => f.TypeHint));
    }

    [Description("Review a change for bugs.")]
    private sealed record ReviewSignature(
        [property: InputField("The unified diff.")] string DiffText,
        [property: OutputField("Problems found.")] IReadOnlyList<string> Issues,
        [property: OutputField("0 (fine) to 10 (broken).")] int SeverityScore);
}
