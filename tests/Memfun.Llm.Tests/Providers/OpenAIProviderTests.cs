using Memfun.Testing.Llm;

namespace Memfun.Llm.Tests.Providers;

public sealed class OpenAIProviderTests : ProviderTestBase<FakeOpenAIServer>
{
    protected override LlmProvider Provider => LlmProvider.OpenAI;
}
