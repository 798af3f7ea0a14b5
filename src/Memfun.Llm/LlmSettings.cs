namespace Memfun.Llm;

/// <summary>The <c>[llm]</c> section: which models to call and how much they may spend.</summary>
public sealed record LlmSettings
{
    /// <summary>The local Ollama endpoint used when nothing else is configured.</summary>
    public const string DefaultBaseUrl = "http://localhost:11434/v1";

    /// <summary>Gets the provider. Default: an OpenAI-compatible server.</summary>
    public LlmProvider Provider { get; init; } = LlmProvider.OpenAICompatible;

    /// <summary>Gets the root model, which drives the agent.</summary>
    public string Model { get; init; } = "qwen2.5-coder:7b";

    /// <summary>Gets the model for sub-calls (<c>llm_query</c>); the root model when null.</summary>
    public string? SubModel { get; init; }

    /// <summary>Gets the endpoint; the provider's default when null (Ollama's local endpoint for OpenAI-compatible).</summary>
    public string? BaseUrl { get; init; }

    /// <summary>Gets the name of the environment variable holding the API key (never the key itself).</summary>
    public string? ApiKeyEnv { get; init; }

    /// <summary>Gets the sampling temperature.</summary>
    public double Temperature { get; init; }

    /// <summary>Gets the most tokens one reply may have.</summary>
    public int MaxTokens { get; init; } = 4096;

    /// <summary>Gets the timeout of one model call, in seconds.</summary>
    public int TimeoutSeconds { get; init; } = 120;

    /// <summary>Gets how many times a failed call (429, 5xx, timeout) is retried.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Gets the most model calls in flight at once.</summary>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>Gets the most tokens (input + output) one run may use; unlimited when null.</summary>
    public long? MaxTokensPerRun { get; init; }

    /// <summary>Gets the most US dollars one run may spend; unlimited when null.</summary>
    public double? MaxCostUsd { get; init; }

    /// <summary>Gets the most model calls one run may make; unlimited when null.</summary>
    public int? MaxCallsPerRun { get; init; }

    /// <summary>Gets user-defined prices by model name, added to (and overriding) the built-in price table.</summary>
    public IReadOnlyDictionary<string, ModelPrice> Prices { get; init; } = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);

    /// <summary>Gets the endpoint actually used: <see cref="BaseUrl"/>, or the provider's default.</summary>
    public string EffectiveBaseUrl => BaseUrl ?? Provider switch
    {
        LlmProvider.OpenAI => "https://api.openai.com/v1",
        LlmProvider.Anthropic => "https://api.anthropic.com",
        _ => DefaultBaseUrl,
    };

    /// <summary>Gets the sub-call model actually used.</summary>
    public string EffectiveSubModel => SubModel ?? Model;
}
