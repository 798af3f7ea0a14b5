using Memfun.Testing.Llm;

namespace Memfun.Llm.Tests.Providers;

public sealed class OpenAICompatibleProviderTests : ProviderTestBase<FakeOpenAIServer>
{
    protected override LlmProvider Provider => LlmProvider.OpenAICompatible;
}
