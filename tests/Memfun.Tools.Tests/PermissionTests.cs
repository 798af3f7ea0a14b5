using Memfun.Core.Errors;
using Memfun.Testing;
using Memfun.Tools.Mcp;
using Memfun.Tools.Permissions;

namespace Memfun.Tools.Tests;

/// <summary>One enforcement point: every tool call is decided by the caller's trust policy, whoever the caller is.</summary>
public sealed class PermissionTests : IDisposable
{
    private readonly TempDirectory _project = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _project.Dispose();

    private MemfunTool Tool(string name) =>
        new BuiltInToolProvider().GetTools(new ToolContext { ProjectRoot = _project.Path }).Single(t => t.Name == name);

    [Theory]
    [InlineData(TrustTier.Untrusted, "MF9000")]
    [InlineData(TrustTier.Project, "MF9003")]
    public async Task NetworkTools_ForATierThatMayNotUseTheNetwork_AreRefusedBeforeAnythingIsSent(TrustTier tier, string code)
    {
        var fetch = Tool("web_fetch").WithPolicy(TrustPolicy.For(tier));

        var result = await fetch.InvokeAsync(new Dictionary<string, object?> { ["url"] = "https://example.com/" }, Cancellation);

        Assert.True(result.IsError);
        Assert.Equal(code, result.ErrorCode);
        Assert.Contains("network access", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteTools_ForASkillWhoseWritesNeedApproval_AreRefused_AndTheFileIsUntouched()
    {
        _project.WriteFile("a.txt", "before\n");
        var write = Tool("write_file").WithPolicy(TrustPolicy.For(TrustTier.BuiltIn));

        var result = await write.InvokeAsync(new Dictionary<string, object?> { ["path"] = "a.txt", ["content"] = "after\n" }, Cancellation);

        Assert.Equal(MemfunErrorCodes.SecurityApprovalRequired, result.ErrorCode);
        Assert.Equal("before\n", await File.ReadAllTextAsync(_project.Combine("a.txt"), Cancellation));
    }

    [Fact]
    public async Task ReadTools_AreAllowedForEveryTier()
    {
        _project.WriteFile("a.txt", "hello\n");
        var read = Tool("read_file").WithPolicy(TrustPolicy.For(TrustTier.Untrusted));

        var result = await read.InvokeAsync(new Dictionary<string, object?> { ["path"] = "a.txt" }, Cancellation);

        Assert.False(result.IsError);
        Assert.Contains("hello", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOperatorsWrites_FollowTheSessionsSetting()
    {
        var refused = await Tool("write_file").WithPolicy(TrustPolicy.Operator(allowWrites: false))
            .InvokeAsync(new Dictionary<string, object?> { ["path"] = "b.txt", ["content"] = "x" }, Cancellation);
        var allowed = await Tool("write_file").WithPolicy(TrustPolicy.Operator(allowWrites: true))
            .InvokeAsync(new Dictionary<string, object?> { ["path"] = "b.txt", ["content"] = "x" }, Cancellation);

        Assert.Equal(MemfunErrorCodes.SecurityApprovalRequired, refused.ErrorCode);
        Assert.Contains("--allow-writes", refused.Text, StringComparison.Ordinal);
        Assert.False(allowed.IsError);
        Assert.Equal("x", await File.ReadAllTextAsync(_project.Combine("b.txt"), Cancellation));
    }

    [Theory]
    [InlineData("builtin", TrustTier.BuiltIn)]
    [InlineData(" User ", TrustTier.User)]
    [InlineData("PROJECT", TrustTier.Project)]
    [InlineData("untrusted", TrustTier.Untrusted)]
    public void EveryTierADefinitionMayName_IsParsed(string text, TrustTier expected)
    {
        Assert.True(TrustTiers.TryParse(text, out var tier));
        Assert.Equal(expected, tier);
    }

    [Fact]
    public void AClaimedOperatorTier_CannotBeParsedFromADefinition()
    {
        Assert.False(TrustTiers.TryParse("operator", out var tier));
        Assert.Equal(TrustTier.Untrusted, tier);
    }
}
