using Memfun.Skills.Definitions;

namespace Memfun.Skills.Tests;

public sealed class ToolRequestTests
{
    [Theory]
    [InlineData("Read", ToolKind.Read, null)]
    [InlineData("read", ToolKind.Read, null)]
    [InlineData("Glob", ToolKind.List, null)]
    [InlineData("LS", ToolKind.List, null)]
    [InlineData("Grep", ToolKind.Search, null)]
    [InlineData("MultiEdit", ToolKind.Edit, null)]
    [InlineData("Write", ToolKind.Write, null)]
    [InlineData("bash(git log:*)", ToolKind.Command, "git log:*")]
    [InlineData("WebFetch", ToolKind.Network, null)]
    [InlineData("WEBSEARCH", ToolKind.Network, null)]
    [InlineData("Teleport", ToolKind.Unknown, null)]
    [InlineData("Readme", ToolKind.Unknown, null)]
    public void Parse_NamesTheKindWhateverTheCase(string text, ToolKind kind, string? pattern)
    {
        var request = ToolRequest.Parse(text);

        Assert.Equal(kind, request.Kind);
        Assert.Equal(pattern, request.Pattern);
        Assert.Equal(text, request.Text);
    }
}
