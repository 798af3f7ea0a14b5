using Memfun.Agent.Rlm;
using Memfun.Llm;
using Memfun.Optimizer.Evaluation;
using Memfun.Sandbox;
using Memfun.Sandbox.Local;
using Memfun.Testing;
using Memfun.Testing.Llm;

namespace Memfun.Optimizer.Tests;

/// <summary>The eval runner on real parts: the fake OpenAI-compatible server answering from a function, a local sandbox, traces in a temp folder.</summary>
public sealed class EvalFixture : IAsyncDisposable
{
    private EvalFixture(FakeOpenAIServer server, KernelSandbox sandbox)
    {
        Server = server;
        Sandbox = sandbox;
        Clients = LlmClients.Create(new LlmSettings { BaseUrl = server.BaseUrl, Model = "test-model", MaxConcurrency = 8 }, new LlmClientOptions { Environment = new Dictionary<string, string?>() });
    }

    public FakeOpenAIServer Server { get; }

    public KernelSandbox Sandbox { get; }

    public LlmClients Clients { get; }

    public TempDirectory State { get; } = new();

    public string Traces => State.Combine("traces");

    public static async Task<EvalFixture> StartAsync(CancellationToken cancellationToken = default) =>
        new(await FakeOpenAIServer.StartNewAsync(cancellationToken), await LocalSandbox.OpenAsync(cancellationToken));

    public EvalRunner Runner(RlmOptions? options = null) =>
        new(Clients, Sandbox, new SandboxOptions { ProjectRoot = State.Path, Timeout = TimeSpan.FromSeconds(30), MemoryMb = 512 }, options ?? new RlmOptions { MaxIterations = 3 }, Traces);

    public async ValueTask DisposeAsync()
    {
        Clients.Dispose();
        await Sandbox.DisposeAsync();
        await Server.DisposeAsync();
        State.Dispose();
    }
}
