using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Memfun.Core.Errors;
using Memfun.Llm.Errors;
using Memfun.Llm.Http;
using Memfun.Llm.Pipeline;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Memfun.Llm.Providers;

/// <summary>Creates the bare provider client (OpenAI, OpenAI-compatible or Anthropic) for <c>[llm]</c> settings.</summary>
/// <remarks>
/// The SDKs send through Memfun's HTTP handler, which applies the timeout and turns failures into typed errors;
/// their own retries are off because the retry decorator decides.
/// </remarks>
public static class ProviderClientFactory
{
    /// <summary>The variable read for the key when <c>api_key_env</c> is not set and the provider needs one.</summary>
    public static string DefaultApiKeyVariable(LlmProvider provider) => provider switch
    {
        LlmProvider.OpenAI => "OPENAI_API_KEY",
        LlmProvider.Anthropic => "ANTHROPIC_API_KEY",
        _ => "",
    };

    /// <summary>Creates a client for <paramref name="model"/> with the endpoint and key of <paramref name="settings"/>.</summary>
    /// <param name="settings">The <c>[llm]</c> section.</param>
    /// <param name="model">The model to call.</param>
    /// <param name="environment">Where the API key variable is read; the process environment when null.</param>
    /// <exception cref="LlmException">The provider needs a key and its variable is not set.</exception>
    public static IChatClient Create(LlmSettings settings, string model, IReadOnlyDictionary<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        var (keyVariable, key) = ResolveKey(settings, environment);
        var http = new HttpClient(new ProviderErrorHandler(settings, keyVariable) { InnerHandler = new SocketsHttpHandler() })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

        IChatClient client = settings.Provider switch
        {
            LlmProvider.Anthropic => new AnthropicClient
            {
                ApiKey = key,
                BaseUrl = settings.EffectiveBaseUrl,
                HttpClient = http,
                MaxRetries = 0,
                Timeout = Timeout.InfiniteTimeSpan,
            }.AsIChatClient(model, settings.MaxTokens),
            _ => new OpenAI.Chat.ChatClient(model, new ApiKeyCredential(key ?? "not-needed"), new OpenAIClientOptions
            {
                Endpoint = new Uri(settings.EffectiveBaseUrl),
                Transport = new HttpClientPipelineTransport(http),
                RetryPolicy = new ClientRetryPolicy(0),
                NetworkTimeout = Timeout.InfiniteTimeSpan,
            }).AsIChatClient(),
        };
        return new ProviderExceptionUnwrappingChatClient(client);
    }

    private static (string? Variable, string? Key) ResolveKey(LlmSettings settings, IReadOnlyDictionary<string, string?>? environment)
    {
        var variable = settings.ApiKeyEnv ?? DefaultApiKeyVariable(settings.Provider);
        if (variable.Length == 0)
        {
            return (null, null);
        }

        var key = environment is null ? Environment.GetEnvironmentVariable(variable) : environment.GetValueOrDefault(variable);
        if (!string.IsNullOrEmpty(key))
        {
            return (variable, key);
        }

        throw new LlmException(MemfunErrorCodes.LlmUnauthorized, $"The {settings.Provider} provider needs an API key, and ${variable} is not set.")
        {
            Hint = $"Export {variable} with your key, or set [llm] api_key_env in memfun.toml to the variable that holds it.",
        };
    }
}
