using Memfun.Testing.Llm;

namespace Memfun.Llm.Tests.Providers;

public sealed class AnthropicProviderTests : ProviderTestBase<FakeAnthropicServer>
{
    protected override LlmProvider Provider => LlmProvider.Anthropic;
}
