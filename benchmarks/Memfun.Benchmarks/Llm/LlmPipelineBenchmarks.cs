using System.Net.Http.Json;
using BenchmarkDotNet.Attributes;
using Memfun.Llm;
using Memfun.Llm.Providers;
using Memfun.Testing.Llm;
using Microsoft.Extensions.AI;

namespace Memfun.Benchmarks.Llm;

/// <summary>
/// One chat completion against the fake OpenAI-compatible server on loopback, three ways: a bare
/// <see cref="HttpClient"/> POST of the same JSON, the OpenAI SDK's <see cref="IChatClient"/> alone, and the full
/// Memfun pipeline (logging off, budget, usage accounting, concurrency limit, retry). The difference between the
/// last two is what the decorators cost.
/// </summary>
[MemoryDiagnoser]
public class LlmPipelineBenchmarks
{
    private static readonly ChatMessage[] Prompt = [new(ChatRole.System, "You are terse."), new(ChatRole.User, "Say ok.")];
    private FakeOpenAIServer _server = null!;
    private HttpClient _http = null!;
    private IChatClient _sdkOnly = null!;
    private LlmClients _pipeline = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await FakeOpenAIServer.StartNewAsync();
        _server.RespondWith(_ => ScriptedReply.Say("ok"));
        var settings = new LlmSettings { BaseUrl = _server.BaseUrl, Model = "bench-model" };
        var noKeys = new Dictionary<string, string?>();
        _http = new HttpClient { BaseAddress = new Uri(_server.BaseUrl + "/") };
        _sdkOnly = ProviderClientFactory.Create(settings, settings.Model, noKeys);
        _pipeline = LlmClients.Create(settings with { MaxCallsPerRun = int.MaxValue, MaxCostUsd = 1e9 }, new LlmClientOptions { Environment = noKeys });
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _pipeline.Dispose();
        _sdkOnly.Dispose();
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "bare HttpClient POST")]
    public async Task<string> BareHttpAsync()
    {
        using var response = await _http.PostAsJsonAsync("chat/completions", new
        {
            model = "bench-model",
            messages = new[] { new { role = "system", content = "You are terse." }, new { role = "user", content = "Say ok." } },
            temperature = 0,
            max_tokens = 4096,
        });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    [Benchmark(Description = "OpenAI SDK IChatClient")]
    public async Task<string> SdkOnlyAsync() => (await _sdkOnly.GetResponseAsync(Prompt, new ChatOptions { Temperature = 0, MaxOutputTokens = 4096 })).Text;

    [Benchmark(Description = "Memfun pipeline (SDK + decorators)")]
    public async Task<string> PipelineAsync() => (await _pipeline.Root.GetResponseAsync(Prompt)).Text;
}
