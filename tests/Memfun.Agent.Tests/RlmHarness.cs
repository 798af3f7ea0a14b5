using System.Collections.Concurrent;
using Memfun.Agent.Rlm;
using Memfun.Llm;
using Memfun.Llm.Pipeline;
using Memfun.Sandbox;
using Memfun.Sandbox.Local;
using Memfun.Testing;
using Memfun.Testing.Llm;

namespace Memfun.Agent.Tests;

/// <summary>
/// An RLM engine wired to real parts: the fake OpenAI-compatible server (root replies from a script, sub-model
/// replies from a function of the prompt) and a local sandbox over a temporary project.
/// </summary>
public sealed class RlmHarness : IAsyncDisposable
{
    public const string RootModel = "root-model";
    public const string SubModel = "sub-model";
    private readonly ConcurrentQueue<string> _rootReplies = new();
    private Func<string, string> _subReply = prompt => $"sub:{prompt}";

    private RlmHarness(FakeOpenAIServer server, KernelSandbox sandbox)
    {
        Server = server;
        Sandbox = sandbox;
        Server.RespondWith(request => request.Model == RootModel
            ? (_rootReplies.TryDequeue(out var reply) ? ScriptedReply.Say(reply) : ScriptedReply.Error(500, "fake server: no root reply left"))
            : new ScriptedReply { Text = _subReply(request.LastMessageText), Delay = SubCallDelay });
    }

    public FakeOpenAIServer Server { get; }

    public KernelSandbox Sandbox { get; }

    public TempDirectory Project { get; } = new();

    public RecordingRlmObserver Observer { get; } = new();

    public TimeSpan SubCallDelay { get; set; }

    /// <summary>Gets or sets the per-execution timeout of the engine's sandbox.</summary>
    public TimeSpan SandboxTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the root-model requests, in order.</summary>
    public IReadOnlyList<RecordedRequest> RootRequests => [.. Server.Requests.Where(r => r.Model == RootModel)];

    /// <summary>Gets the sub-model requests, in order.</summary>
    public IReadOnlyList<RecordedRequest> SubRequests => [.. Server.Requests.Where(r => r.Model == SubModel)];

    public static async Task<RlmHarness> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = await FakeOpenAIServer.StartNewAsync(cancellationToken);
        return new RlmHarness(server, await LocalSandbox.OpenAsync(cancellationToken));
    }

    /// <summary>Queues root-model replies, answered in order.</summary>
    public void Root(params string[] replies)
    {
        foreach (var reply in replies)
        {
            _rootReplies.Enqueue(reply);
        }
    }

    /// <summary>Sets how the sub-model answers a prompt.</summary>
    public void Sub(Func<string, string> reply) => _subReply = reply;

    public LlmSettings Settings => new() { BaseUrl = Server.BaseUrl, Model = RootModel, SubModel = SubModel, MaxConcurrency = 32 };

    public LlmClients Clients(LlmBudget? budget = null) =>
        LlmClients.Create(Settings, new LlmClientOptions { Environment = new Dictionary<string, string?>(), Budget = budget });

    public RlmEngine Engine(LlmClients clients, RlmOptions? options = null) =>
        new(clients, Sandbox, new SandboxOptions { ProjectRoot = Project.Path, Timeout = SandboxTimeout, MemoryMb = 512 }, options ?? new RlmOptions(), Observer);

    public async Task<RlmResult> RunAsync(RlmRequest request, RlmOptions? options = null, LlmBudget? budget = null, CancellationToken cancellationToken = default)
    {
        using var clients = Clients(budget);
        return await Engine(clients, options).RunAsync(request, cancellationToken);
    }

    public static string Code(string code) => $"Let me work on it.\n```python\n{code}\n```";

    public async ValueTask DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        await Server.DisposeAsync();
        Project.Dispose();
    }
}
