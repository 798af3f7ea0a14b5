using Memfun.Agent.Rlm;
using Memfun.Llm;
using Memfun.Llm.Pipeline;
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

    private readonly List<EvalRunner> _runners = [];

    public FakeOpenAIServer Server { get; }

    public KernelSandbox Sandbox { get; }

    public LlmClients Clients { get; }

    public TempDirectory State { get; } = new();

    public string Traces => State.Combine("traces");

    /// <summary>Clients of the same server with a budget of their own.</summary>
    public LlmClients ClientsWith(LlmBudget budget) =>
        LlmClients.Create(new LlmSettings { BaseUrl = Server.BaseUrl, Model = "test-model", MaxConcurrency = 8 }, new LlmClientOptions { Environment = new Dictionary<string, string?>(), Budget = budget });

    /// <summary>Answers a MIPROv2 proposer request with the next of <paramref name="candidates"/> (cycling), or null when the request is not one.</summary>
    public static Func<RecordedRequest, ScriptedReply?> Proposer(params string[] candidates)
    {
        var next = 0;
        return request => request.MessageTexts.Count > 0 && request.MessageTexts[0].Contains("`task_summary`", StringComparison.Ordinal)
            ? ScriptedReply.Say($"[[ ## instruction ## ]]\n{candidates[(Interlocked.Increment(ref next) - 1) % candidates.Length]}\n\n[[ ## completed ## ]]")
            : null;
    }

    public static async Task<EvalFixture> StartAsync(CancellationToken cancellationToken = default) =>
        new(await FakeOpenAIServer.StartNewAsync(cancellationToken), await LocalSandbox.OpenAsync(cancellationToken));

    public EvalRunner Runner(RlmOptions? options = null, LlmClients? clients = null)
    {
        var runner = new EvalRunner(clients ?? Clients, Sandbox, new SandboxOptions { ProjectRoot = State.Path, Timeout = TimeSpan.FromSeconds(30), MemoryMb = 512 }, options ?? new RlmOptions { MaxIterations = 3 }, Traces);
        _runners.Add(runner);
        return runner;
    }

    public async ValueTask DisposeAsync()
    {
        _runners.ForEach(r => r.Dispose());
        Clients.Dispose();
        await Sandbox.DisposeAsync();
        await Server.DisposeAsync();
        State.Dispose();
    }
}
