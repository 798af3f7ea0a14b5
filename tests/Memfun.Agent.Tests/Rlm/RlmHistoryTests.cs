using Memfun.Agent.Rlm;

namespace Memfun.Agent.Tests.Rlm;

public sealed class RlmHistoryTests
{
    [Fact]
    public void CountTokens_UsesTheO200kEncoding()
    {
        Assert.Equal(2, RlmHistory.CountTokens("hello world"));
        Assert.Equal(0, RlmHistory.CountTokens(""));
    }

    [Fact]
    public void Build_FoldsTurnsByRealTokensWhereFourCharactersATokenWouldUndershoot()
    {
        // Hex identifiers take far more than one token per four characters: 2,200 characters here are over 1,000 tokens.
        var random = new Random(7);
        string Ids() => string.Join('\n', Enumerable.Range(0, 15).Select(_ => Convert.ToHexStringLower(random.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 16))));
        var history = new RlmHistory("system", "task", new RlmOptions { ContextWindowTokens = 1000 });
        var characters = 0;
        for (var turn = 1; turn <= 4; turn++)
        {
            var output = Ids();
            characters += output.Length;
            history.Add(turn, $"turn {turn}", output, $"print(ids_{turn})", output);
        }

        var messages = history.Build();

        Assert.True(characters / 4 < 700, $"the old estimate must fit the budget for this test to mean anything ({characters} characters)");
        Assert.Contains(messages, m => m.Text.StartsWith("Earlier turns, summarised", StringComparison.Ordinal));
        Assert.True(RlmHistory.Size(messages) < characters);
        Assert.True(history.Tokenized);
    }

    [Fact]
    public void Build_DoesNotTokenize_WhenThePromptHasFewerBytesThanTheBudget()
    {
        var history = new RlmHistory("system", "task", new RlmOptions { ContextWindowTokens = 1000 });
        history.Add(1, "turn 1", new string('x', 300), "print(x)", new string('x', 300));
        history.Add(2, "turn 2", new string('y', 300), "print(y)", new string('y', 300));

        var messages = history.Build();

        Assert.False(history.Tokenized);
        Assert.DoesNotContain(messages, m => m.Text.StartsWith("Earlier turns, summarised", StringComparison.Ordinal));
        Assert.Equal(6, messages.Count);
    }
}
