using System.Text.RegularExpressions;
using Memfun.Tools.RepoMap;

namespace Memfun.Tools.Tests;

/// <summary>The identifier scanner finds exactly what the pattern <c>[A-Za-z_][A-Za-z0-9_]{2,}</c> finds (keywords left out).</summary>
public sealed partial class IdentifierCounterTests
{
    [Theory]
    [InlineData("public int Compute(int value) => Helper.Run(value) + Helper.Run(0x1Fab);")]
    [InlineData("9abc _x __init__ ab a1 a12 x_1 café naïve日本語Name 12345 foo.bar.baz foo_bar\nself.value = None")]
    [InlineData("")]
    [InlineData("ab cd ef")]
    [InlineData("end_of_file_without_newline")]
    public void Count_FindsWhatThePatternFinds(string text)
    {
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match match in Identifier().Matches(text))
        {
            if (match.Value is not ("int" or "public" or "self" or "None"))
            {
                expected[match.Value] = expected.GetValueOrDefault(match.Value) + 1;
            }
        }

        var counted = IdentifierCounter.Count(text);

        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), counted.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]{2,}")]
    private static partial Regex Identifier();
}
