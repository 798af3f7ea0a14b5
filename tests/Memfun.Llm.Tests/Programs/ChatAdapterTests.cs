using Memfun.Llm.Programs;
using Microsoft.Extensions.AI;

namespace Memfun.Llm.Tests.Programs;

public sealed class ChatAdapterTests
{
    private static readonly Signature QuestionAnswer = Signature.Parse("question -> answer, sources");

    [Fact]
    public void Format_PutsInstructionsAndFieldsInTheSystemMessageAndDemosAsTurns()
    {
        var demo = Example.Of(("question", "2+2?"), ("answer", "4"), ("sources", "arithmetic"));

        var messages = ChatAdapter.Format(QuestionAnswer, "Be terse.", [demo], Example.Of(("question", "Capital of France?")));

        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.User], messages.Select(m => m.Role));
        Assert.Contains("1. `question` (str)", messages[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("Be terse.", messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("[[ ## answer ## ]]\n4", messages[2].Text, StringComparison.Ordinal);
        Assert.StartsWith("[[ ## question ## ]]\nCapital of France?", messages[3].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_MissingInput_IsAnError() =>
        Assert.Throws<ArgumentException>(() => ChatAdapter.Format(QuestionAnswer, "x", [], Example.Of(("query", "?"))));

    [Fact]
    public void FormattedDemoOutputs_ParseBackToTheSameFields()
    {
        var demo = Example.Of(("question", "q"), ("answer", "Line one.\n\nLine two with [brackets]."), ("sources", "a.cs, b.cs"));
        var assistantTurn = ChatAdapter.Format(QuestionAnswer, "x", [demo], Example.Of(("question", "q2")))[2].Text;

        Assert.True(ChatAdapter.TryParse(QuestionAnswer, assistantTurn, out var fields, out _));

        Assert.Equal(demo["answer"], fields["answer"]);
        Assert.Equal(demo["sources"], fields["sources"]);
    }

    [Fact]
    public void Parse_FallsBackToAJsonObject()
    {
        var reply = "Sure! ```json\n{\"answer\": \"Paris\", \"sources\": [\"atlas\"]}\n```";

        Assert.True(ChatAdapter.TryParse(QuestionAnswer, reply, out var fields, out _));

        Assert.Equal("Paris", fields["answer"]);
        Assert.Equal("[\"atlas\"]", fields["sources"]);
    }

    [Fact]
    public void Parse_NamesTheMissingFields()
    {
        Assert.False(ChatAdapter.TryParse(QuestionAnswer, "[[ ## answer ## ]]\nParis", out _, out var problem));

        Assert.Contains("[[ ## sources ## ]]", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("[[ ## answer ## ]]", problem, StringComparison.Ordinal);
    }
}
