using System.Net;
using System.Net.Sockets;
using Memfun.Core.Errors;
using Memfun.Llm.Errors;
using Microsoft.Extensions.AI;

namespace Memfun.Llm.Tests.Providers;

public sealed class ProviderSetupTests
{
    [Fact]
    public void MissingKey_SaysWhichVariableToSet()
    {
        var settings = new LlmSettings { Provider = LlmProvider.OpenAI, Model = "gpt-4.1" };

        var error = Assert.Throws<LlmException>(() => LlmClients.Create(settings, new LlmClientOptions { Environment = new Dictionary<string, string?>() }));

        Assert.Equal(MemfunErrorCodes.LlmUnauthorized, error.ErrorCode);
        Assert.Contains("$OPENAI_API_KEY is not set", error.Message, StringComparison.Ordinal);
        Assert.Contains("api_key_env", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableEndpoint_SaysWhatToConfigure()
    {
        var settings = new LlmSettings { BaseUrl = $"http://127.0.0.1:{ClosedPort()}/v1", MaxRetries = 0 };
        using var clients = LlmClients.Create(settings, new LlmClientOptions { Environment = new Dictionary<string, string?>() });

        var error = await Assert.ThrowsAsync<LlmException>(() => clients.Root.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(MemfunErrorCodes.LlmUnavailable, error.ErrorCode);
        Assert.Contains($"Cannot reach the model endpoint {settings.BaseUrl} (connection refused)", error.Message, StringComparison.Ordinal);
        Assert.Contains("base_url", error.Hint, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
