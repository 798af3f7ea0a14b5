using Memfun.Llm.Http;
using Memfun.Llm.Pipeline;
using Memfun.Testing.Llm;
using Microsoft.Extensions.AI;

namespace Memfun.Llm.Tests.Providers;

/// <summary><see cref="LlmClients.WarmUpAsync"/>: the SDK's first call is made, and nothing reaches the endpoint or the run's accounts.</summary>
public sealed class WarmUpTests
{
    private const string KeyVariable = "MEMFUN_TEST_LLM_KEY";

    [Fact]
    public async Task WarmUp_StreamsACallThroughTheSdkWithoutTheEndpointTheKeyOrTheBudget()
    {
        await using var server = await FakeOpenAIServer.StartNewAsync(TestContext.Current.CancellationToken);
        server.Enqueue(new ScriptedReply { Text = "real answer", InputTokens = 10, OutputTokens = 5 });
        using var clients = Clients(LlmProvider.OpenAICompatible, server.BaseUrl);

        Assert.True(await clients.WarmUpAsync(TestContext.Current.CancellationToken));

        // Nothing was sent to the model server or counted; the budget of one call is still whole.
        Assert.Empty(server.Requests);
        Assert.Equal(0, clients.Ledger.Total.Calls);
        var response = await clients.Root.GetResponseAsync("question", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("real answer", response.Text);
        Assert.Equal(1, clients.Ledger.Total.Calls);
        Assert.Equal("Bearer sk-real", Assert.Single(server.Requests).Headers["authorization"]);
    }

    [Fact]
    public async Task WarmUp_LeavesAnthropicAlone()
    {
        await using var server = await FakeAnthropicServer.StartNewAsync(TestContext.Current.CancellationToken);
        using var clients = Clients(LlmProvider.Anthropic, server.BaseUrl);

        Assert.False(await clients.WarmUpAsync(TestContext.Current.CancellationToken));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task WarmUpServer_ClosesOnAnotherLocalProcessSendingAnOversizedRequest()
    {
        // Any local process can reach the loopback port: it gets a closed connection, not the server's memory.
        await using var server = new WarmUpServer();
        var port = new Uri(server.BaseUrl).Port;
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port, TestContext.Current.CancellationToken);
        var stream = client.GetStream();
        var header = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nX-Filler: "u8.ToArray();
        var filler = new byte[1024];
        Array.Fill(filler, (byte)'a');

        // A whole request (headers end after the filler): without a cap the server would answer it.
        var closed = false;
        try
        {
            await stream.WriteAsync(header, TestContext.Current.CancellationToken);
            for (var i = 0; i < 1024; i++)
            {
                await stream.WriteAsync(filler, TestContext.Current.CancellationToken);
            }

            await stream.WriteAsync("\r\n\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
            closed = await stream.ReadAsync(new byte[1], TestContext.Current.CancellationToken) == 0;
        }
        catch (IOException)
        {
            closed = true;
        }

        Assert.True(closed);
    }

    private static LlmClients Clients(LlmProvider provider, string baseUrl) => LlmClients.Create(
        new LlmSettings { Provider = provider, Model = "test-model", BaseUrl = baseUrl, ApiKeyEnv = KeyVariable, TimeoutSeconds = 5 },
        new LlmClientOptions
        {
            Environment = new Dictionary<string, string?> { [KeyVariable] = "sk-real" },
            Budget = new LlmBudget { MaxCalls = 1 },
            Retry = new RetryOptions { MaxRetries = 0 },
        });
}
