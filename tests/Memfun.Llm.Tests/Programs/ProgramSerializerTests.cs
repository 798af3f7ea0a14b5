using Memfun.Llm.Errors;
using Memfun.Llm.Programs;
using Memfun.Testing;

namespace Memfun.Llm.Tests.Programs;

public sealed class ProgramSerializerTests
{
    [Fact]
    public async Task SavedState_LoadsIntoAFreshProgram()
    {
        using var directory = new TempDirectory();
        var tuned = new ChainOfThought("question -> answer") { Instructions = "Tuned instructions." };
        tuned.Demos.Add(Example.Of(("question", "2+2?"), ("answer", "4")));
        var path = Path.Combine(directory.Path, "program.json");

        await ProgramSerializer.SaveAsync(tuned, path, TestContext.Current.CancellationToken);
        var fresh = new ChainOfThought("question -> answer");
        await ProgramSerializer.LoadAsync(fresh, path, TestContext.Current.CancellationToken);

        Assert.Equal("Tuned instructions.", fresh.Instructions);
        var demo = Assert.Single(fresh.Demos);
        Assert.Equal("4", demo["answer"]);
    }

    [Fact]
    public void StateOfAnotherSignature_IsRefusedAndChangesNothing()
    {
        var other = new Predict("question -> answer") { Instructions = "Other." };
        var program = new Predict("code -> summary") { Instructions = "Mine." };

        var error = Assert.Throws<LlmException>(() => ProgramSerializer.Deserialize(program, ProgramSerializer.Serialize(other)));

        Assert.Contains("signature 'question -> answer'", error.Message, StringComparison.Ordinal);
        Assert.Equal("Mine.", program.Instructions);
    }

    [Fact]
    public void MalformedJson_IsAClearError()
    {
        var error = Assert.Throws<LlmException>(() => ProgramSerializer.Deserialize(new Predict("a -> b"), "{ not json"));

        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }
}
