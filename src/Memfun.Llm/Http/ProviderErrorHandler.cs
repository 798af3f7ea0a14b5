using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Memfun.Core.Errors;
using Memfun.Core.Logging;
using Memfun.Llm.Errors;

namespace Memfun.Llm.Http;

/// <summary>
/// The HTTP handler under every provider SDK: it bounds each request by the configured timeout and turns
/// failures into Memfun's typed errors with messages that say what to configure, whatever the SDK.
/// </summary>
/// <remarks>
/// Translating at the HTTP layer keeps the mapping identical for OpenAI, OpenAI-compatible servers and
/// Anthropic; SDK-level retries are disabled so that the retry decorator alone decides.
/// The timeout bounds the wait for the response headers (the first token of a stream).
/// </remarks>
internal sealed class ProviderErrorHandler(LlmSettings settings, string? apiKeyVariable) : DelegatingHandler
{
    private const int MaxErrorBodyChars = 2000;
    private static readonly SecretRedactor Redactor = SecretRedactor.FromEnvironment();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LlmTransientException(MemfunErrorCodes.LlmFailure,
                $"The model endpoint {settings.EffectiveBaseUrl} did not answer within {settings.TimeoutSeconds} s.", null, null, exception)
            {
                Hint = "Raise [llm] timeout_s in memfun.toml for slow local models.",
            };
        }
        catch (HttpRequestException exception)
        {
            throw Unreachable(exception);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false);
            throw Translate(response, body);
        }
    }

    private LlmException Unreachable(HttpRequestException exception)
    {
        var reason = exception.InnerException is SocketException socket ? socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostNotFound or SocketError.NoData => "host not found",
            SocketError.TimedOut => "connection timed out",
            _ => socket.Message,
        } : exception.Message;
        var usesDefaultLocalEndpoint = settings.BaseUrl is null && settings.Provider is LlmProvider.OpenAICompatible or LlmProvider.Ollama;
        return new LlmException(MemfunErrorCodes.LlmUnavailable, $"Cannot reach the model endpoint {settings.EffectiveBaseUrl} ({reason}).", exception)
        {
            Hint = usesDefaultLocalEndpoint
                ? $"No model is configured, so Memfun uses a local Ollama server: start it (`ollama serve`, then `ollama pull {settings.Model}`), or run `memfun init` to choose a provider (or set [llm] provider, model, base_url and api_key_env in memfun.toml)."
                : "Check that the server is running and that [llm] base_url in memfun.toml (or MEMFUN_LLM_BASE_URL) is right.",
        };
    }

    private LlmException Translate(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var (providerMessage, providerCode) = ParseError(body);
        var detail = string.IsNullOrWhiteSpace(providerMessage) ? "" : $": {providerMessage}";
        var endpoint = settings.EffectiveBaseUrl;
        return status switch
        {
            401 or 403 => new LlmException(MemfunErrorCodes.LlmUnauthorized, apiKeyVariable is null
                ? $"The model endpoint {endpoint} requires an API key (HTTP {status}){detail}."
                : $"The key in ${apiKeyVariable} was rejected by {endpoint} (HTTP {status}).")
            {
                Hint = apiKeyVariable is null
                    ? "Set [llm] api_key_env = \"NAME\" in memfun.toml and export NAME with the key."
                    : $"Check the key in ${apiKeyVariable}, or set [llm] api_key_env to the variable that holds the right one.",
            },
            429 => new LlmTransientException(MemfunErrorCodes.LlmRateLimited, $"The model endpoint {endpoint} is rate limiting (HTTP 429){detail}.", status, RetryAfter(response)),
            408 or >= 500 => new LlmTransientException(MemfunErrorCodes.LlmFailure, $"The model endpoint {endpoint} failed (HTTP {status}){detail}.", status, RetryAfter(response)),
            _ when IsContextOverflow(providerCode, providerMessage) => new LlmContextLengthException($"The prompt exceeds the model's context window{detail}."),
            404 => new LlmException(MemfunErrorCodes.LlmFailure, $"The model endpoint {endpoint} answered HTTP 404{detail}.")
            {
                Hint = $"Check [llm] model (now '{settings.Model}') and base_url; for Ollama, `ollama pull {settings.Model}`.",
            },
            _ => new LlmException(MemfunErrorCodes.LlmFailure, $"The model endpoint {endpoint} answered HTTP {status}{detail}."),
        };
    }

    private static bool IsContextOverflow(string? code, string? message) =>
        code is "context_length_exceeded" or "string_above_max_length"
        || (message is not null && (message.Contains("context length", StringComparison.OrdinalIgnoreCase)
            || message.Contains("context window", StringComparison.OrdinalIgnoreCase)
            || message.Contains("prompt is too long", StringComparison.OrdinalIgnoreCase)
            || message.Contains("too many tokens", StringComparison.OrdinalIgnoreCase)));

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var milliseconds)
            && double.TryParse(milliseconds.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        var retryAfter = response.Headers.RetryAfter;
        return retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
    }

    private static async Task<string> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return body.Length > MaxErrorBodyChars ? body[..MaxErrorBodyChars] : body;
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }

    private static (string? Message, string? Code) ParseError(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error", out var error))
            {
                return (Redact(body), null);
            }

            if (error.ValueKind == JsonValueKind.String)
            {
                return (Redact(error.GetString()), null);
            }

            var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()
                : error.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            return (Redact(message), code);
        }
        catch (JsonException)
        {
            return (Redact(body), null);
        }
    }

    private static string? Redact(string? text) => text is null ? null : Redactor.Redact(text.Trim());
}
