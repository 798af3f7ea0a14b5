namespace Memfun.Llm;

/// <summary>The model provider family.</summary>
public enum LlmProvider
{
    /// <summary>Any server that speaks the OpenAI chat-completions API (Ollama, vLLM, LM Studio, OpenRouter...), at <c>base_url</c>.</summary>
    OpenAICompatible,

    /// <summary>OpenAI's own API.</summary>
    OpenAI,

    /// <summary>Anthropic's Messages API.</summary>
    Anthropic,

    /// <summary>A local Ollama server (its OpenAI-compatible endpoint).</summary>
    Ollama,
}
