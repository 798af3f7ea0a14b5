using Memfun.Core.Text;

namespace Memfun.Core.Tests.Text;

public sealed class SuggestionsTests
{
    [Theory]
    [InlineData("modle", "model")]
    [InlineData("sandbx", "sandbox")]
    [InlineData("MODEL", "model")]
    public void Closest_FindsPlausibleTypo(string input, string expected) =>
        Assert.Equal(expected, Suggestions.Closest(input, ["model", "sandbox", "backend"]));

    [Fact]
    public void Closest_ReturnsNullWhenNothingIsClose() =>
        Assert.Null(Suggestions.Closest("telemetry", ["model", "sandbox", "backend"]));

    [Theory]
    [InlineData("abc", "abc", 0)]
    [InlineData("abc", "acb", 1)]
    [InlineData("kitten", "sitting", 3)]
    public void EditDistance_CountsEditsWithTranspositions(string a, string b, int expected) =>
        Assert.Equal(expected, Suggestions.EditDistance(a, b));
}
