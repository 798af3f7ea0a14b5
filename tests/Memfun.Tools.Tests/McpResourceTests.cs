using System.IO.Pipelines;
using Memfun.Core.Errors;
using Memfun.Tools.Mcp;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Memfun.Tools.Tests;

/// <summary>The gateway's resources (project files, the repository map), prompts and completion, through a real MCP client.</summary>
public sealed class McpResourceTests : IAsyncLifetime
{
    private readonly SampleProject _project = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private Task _server = Task.CompletedTask;
    private McpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _project.Directory.WriteFile("assets/logo.bin", "\0\u0001binary");
        _project.Directory.WriteFile("docs/a b.md", "# Spaced\n");
        var reviewPrompt = new McpPrompt(
            "review-file",
            "Review one file.",
            [
                new McpPromptArgument("path", "The file to review.", Required: true, (prefix, _) => Task.FromResult<IReadOnlyList<string>>([.. new[] { "src/Calculator.cs", "src/Program.cs", "README.md" }.Where(f => f.StartsWith(prefix, StringComparison.Ordinal))])),
                new McpPromptArgument("focus", "What to look at.", Required: false),
            ],
            (arguments, _) => Task.FromResult($"Review {arguments["path"]} for {arguments.GetValueOrDefault("focus") ?? "anything"}."));
        var gateway = new McpGateway(_project.Context(), [new BuiltInToolProvider()], resources: [new ProjectResourceProvider()], prompts: [new FixedPrompts(reviewPrompt)]);
        _server = gateway.RunAsync(_toServer.Reader.AsStream(), _toClient.Writer.AsStream(), _stop.Token);
        _client = await McpClient.CreateAsync(new StreamClientTransport(_toServer.Writer.AsStream(), _toClient.Reader.AsStream()), cancellationToken: _ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _stop.CancelAsync();
        await _server.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
        _project.Dispose();
    }

    [Fact]
    public async Task Initialize_DeclaresResourcesPromptsAndCompletion()
    {
        var capabilities = _client.ServerCapabilities;

        Assert.NotNull(capabilities.Resources);
        Assert.NotNull(capabilities.Prompts);
        Assert.NotNull(capabilities.Completions);
        Assert.NotNull(capabilities.Tools);
    }

    [Fact]
    public async Task ResourcesList_HasTheRepoMapAndEveryProjectFile_AndTemplatesListTheFileTemplate()
    {
        var resources = await _client.ListResourcesAsync(cancellationToken: _ct);
        var templates = await _client.ListResourceTemplatesAsync(cancellationToken: _ct);

        var uris = resources.Select(r => r.Uri).ToList();
        Assert.Equal("memfun://repo-map", uris[0]);
        Assert.Contains("memfun://files/src/Calculator.cs", uris);
        Assert.Contains("memfun://files/docs/a%20b.md", uris);
        Assert.Contains("memfun://files/tools/util.py", uris);
        Assert.Equal(8, uris.Count);
        Assert.Equal("src/Calculator.cs", resources.Single(r => r.Uri == "memfun://files/src/Calculator.cs").Name);
        Assert.Equal(["memfun://files/{+path}"], templates.Select(t => t.UriTemplate));
    }

    [Fact]
    public async Task ResourcesRead_ReturnsFilesAsTextOrBlob_AndTheRepoMap()
    {
        var text = await _client.ReadResourceAsync("memfun://files/src/Calculator.cs", cancellationToken: _ct);
        var spaced = await _client.ReadResourceAsync("memfun://files/docs/a%20b.md", cancellationToken: _ct);
        var binary = await _client.ReadResourceAsync("memfun://files/assets/logo.bin", cancellationToken: _ct);
        var map = await _client.ReadResourceAsync("memfun://repo-map", cancellationToken: _ct);

        var code = Assert.IsType<TextResourceContents>(Assert.Single(text.Contents));
        Assert.Equal(await File.ReadAllTextAsync(_project.Directory.Combine("src/Calculator.cs"), _ct), code.Text);
        Assert.Equal("text/x-csharp", code.MimeType);
        Assert.Equal("# Spaced\n", Assert.IsType<TextResourceContents>(Assert.Single(spaced.Contents)).Text);
        Assert.Equal("\0\u0001binary"u8.ToArray(), Assert.IsType<BlobResourceContents>(Assert.Single(binary.Contents)).DecodedData.ToArray());
        Assert.Contains("Calculator", Assert.IsType<TextResourceContents>(Assert.Single(map.Contents)).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("memfun://files/..%2F..%2Fetc%2Fpasswd", MemfunErrorCodes.SecurityPathEscape)]
    [InlineData("memfun://files/src/Missing.cs", MemfunErrorCodes.ToolBadArguments)]
    public async Task ResourcesRead_RefusesEscapesAndMissingFiles_WithTheMemfunCode(string uri, string code)
    {
        var error = await Assert.ThrowsAsync<McpProtocolException>(() => _client.ReadResourceAsync(uri, cancellationToken: _ct).AsTask());

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Contains(code, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResourcesRead_AnUnknownUri_IsResourceNotFound()
    {
        var error = await Assert.ThrowsAsync<McpProtocolException>(() => _client.ReadResourceAsync("other://x", cancellationToken: _ct).AsTask());

        Assert.Equal(McpErrorCode.ResourceNotFound, error.ErrorCode);
    }

    [Fact]
    public async Task Prompts_AreListedWithTheirArguments_AndRenderTheArgumentsGiven()
    {
        var prompts = await _client.ListPromptsAsync(cancellationToken: _ct);
        var rendered = await _client.GetPromptAsync("review-file", new Dictionary<string, object?> { ["path"] = "src/Program.cs", ["focus"] = "naming" }, cancellationToken: _ct);
        var missing = await Assert.ThrowsAsync<McpProtocolException>(() => _client.GetPromptAsync("review-file", cancellationToken: _ct).AsTask());

        var prompt = Assert.Single(prompts).ProtocolPrompt;
        Assert.Equal(["path", "focus"], prompt.Arguments!.Select(a => a.Name));
        Assert.Equal([true, false], prompt.Arguments!.Select(a => a.Required == true));
        var message = Assert.Single(rendered.Messages);
        Assert.Equal(Role.User, message.Role);
        Assert.Equal("Review src/Program.cs for naming.", Assert.IsType<TextContentBlock>(message.Content).Text);
        Assert.Contains("'path'", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Complete_OffersTheKnownValues_OfPromptArgumentsAndTemplateVariables()
    {
        var promptPath = await _client.CompleteAsync(new PromptReference { Name = "review-file" }, "path", "src/", cancellationToken: _ct);
        var freeText = await _client.CompleteAsync(new PromptReference { Name = "review-file" }, "focus", "na", cancellationToken: _ct);
        var filePath = await _client.CompleteAsync(new ResourceTemplateReference { Uri = "memfun://files/{+path}" }, "path", "src/C", cancellationToken: _ct);

        Assert.Equal(["src/Calculator.cs", "src/Program.cs"], promptPath.Completion.Values);
        Assert.Empty(freeText.Completion.Values);
        Assert.Equal(["src/Calculator.cs"], filePath.Completion.Values);
        Assert.Equal(1, filePath.Completion.Total);
        Assert.NotEqual(true, filePath.Completion.HasMore);
    }

    [Fact]
    public async Task ToolAnnotations_SayWhatEachToolDoes()
    {
        var tools = (await _client.ListToolsAsync(cancellationToken: _ct)).ToDictionary(t => t.Name, t => t.ProtocolTool.Annotations!);

        Assert.Equal((false, true, true, false), Hints(tools["write_file"]));
        Assert.Equal((false, true, false, false), Hints(tools["edit_file"]));
        Assert.Equal((false, false, false, false), Hints(tools["git_commit"]));
        Assert.Equal((true, false, true, false), Hints(tools["read_file"]));
        Assert.Equal((true, false, true, true), Hints(tools["web_fetch"]));
    }

    private static (bool ReadOnly, bool Destructive, bool Idempotent, bool OpenWorld) Hints(ToolAnnotations a) =>
        (a.ReadOnlyHint == true, a.DestructiveHint == true, a.IdempotentHint == true, a.OpenWorldHint == true);

    private sealed class FixedPrompts(params McpPrompt[] prompts) : IPromptProvider
    {
        public IEnumerable<McpPrompt> GetPrompts(ToolContext context) => prompts;
    }
}
