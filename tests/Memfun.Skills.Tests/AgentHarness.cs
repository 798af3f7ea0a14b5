using Memfun.Agent.Coding;
using Memfun.Agent.Rlm;
using Memfun.Llm;
using Memfun.Sandbox;
using Memfun.Sandbox.Local;
using Memfun.Testing;
using Memfun.Testing.Llm;

namespace Memfun.Skills.Tests;

/// <summary>A coding agent over real parts: the fake OpenAI-compatible server, a local sandbox and a temporary project.</summary>
internal sealed class AgentHarness : IAsyncDisposable
{
    private readonly LlmClients _clients;

    private AgentHarness(FakeOpenAIServer server, KernelSandbox sandbox)
    {
        Server = server;
        Sandbox = sandbox;
        _clients = LlmClients.Create(new LlmSettings { BaseUrl = server.BaseUrl, Model = "m" }, new LlmClientOptions { Environment = new Dictionary<string, string?>() });
    }

    public FakeOpenAIServer Server { get; }

    public KernelSandbox Sandbox { get; }

    public TempDirectory Project { get; } = new();

    public static async Task<AgentHarness> StartAsync() =>
        new(await FakeOpenAIServer.StartNewAsync(TestContext.Current.CancellationToken), await LocalSandbox.OpenAsync(TestContext.Current.CancellationToken));

    public static string Code(string code) => $"```python\n{code}\n```";

    public CodingAgent Agent(CodingAgentExtensions? extensions = null, int maxIterations = 6)
    {
        var options = new SandboxOptions { ProjectRoot = Project.Path, Timeout = TimeSpan.FromSeconds(30), MemoryMb = 512 };
        return new(new RlmEngine(_clients, Sandbox, options, new RlmOptions { MaxIterations = maxIterations }),
            Project.Path, extensions, new CodingAgentOptions { Commands = (ICommandSandbox)Sandbox, Limits = options });
    }

    public async ValueTask DisposeAsync()
    {
        _clients.Dispose();
        await Sandbox.DisposeAsync();
        await Server.DisposeAsync();
        Project.Dispose();
    }
}
