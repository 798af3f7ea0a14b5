using System.ComponentModel;
using Memfun.Agent.Coding;
using Memfun.Hosting.Agents;
using Memfun.Tools;
using Memfun.Tools.Mcp;

namespace Memfun.Hosting.Tools;

/// <summary>
/// Publishes the coding agent through the MCP gateway: <c>memfun_ask</c>, <c>memfun_explain</c>,
/// <c>memfun_analyze</c> and <c>memfun_review</c>, each a full RLM run on the served project.
/// </summary>
/// <remarks>
/// These never write the project (<c>fix</c> is not published: its approval step needs a person). Every call runs on
/// the server's <see cref="AgentRunner"/> (one sandbox pool, MCP bridge and set of provider connections for the
/// process) with a model budget of its own, and records a trace as the commands do.
/// </remarks>
/// <param name="runner">The server's agent runner.</param>
public sealed class AgentToolProvider(AgentRunner runner) : IToolProvider
{
    /// <inheritdoc />
    public IEnumerable<MemfunTool> GetTools(ToolContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tools = new AgentTools(runner);
        return
        [
            MemfunTool.Create(tools.AskAsync, "memfun_ask", ToolEffects.ReadOnly, context.Policy, openWorld: true),
            MemfunTool.Create(tools.ExplainAsync, "memfun_explain", ToolEffects.ReadOnly, context.Policy, openWorld: true),
            MemfunTool.Create(tools.AnalyzeAsync, "memfun_analyze", ToolEffects.ReadOnly, context.Policy, openWorld: true),
            MemfunTool.Create(tools.ReviewAsync, "memfun_review", ToolEffects.ReadOnly, context.Policy, openWorld: true),
        ];
    }

    private sealed class AgentTools(AgentRunner runner)
    {
        [Description("Ask Memfun's coding agent a question about this project. It explores the code in a sandboxed Python REPL with sub-model calls and answers in Markdown, citing path:line.")]
        public Task<string> AskAsync([Description("The question about the codebase.")] string question, CancellationToken cancellationToken) =>
            RunAsync(agent => agent.AskAsync(question, cancellationToken), cancellationToken);

        [Description("Explain a file, a line range (path:10-40) or a symbol of this project for a given audience.")]
        public Task<string> ExplainAsync(
            [Description("A file, path:start-end, or a symbol name.")] string target,
            [Description("Who the explanation is for.")] string audience = "a developer new to this codebase",
            CancellationToken cancellationToken = default) =>
            RunAsync(agent => agent.ExplainAsync(target, audience, cancellationToken: cancellationToken), cancellationToken);

        [Description("Report on the architecture and quality of this project, or of one folder of it.")]
        public Task<string> AnalyzeAsync([Description("A folder of the project; the whole repository when empty.")] string? path = null, CancellationToken cancellationToken = default) =>
            RunAsync(agent => agent.AnalyzeAsync(string.IsNullOrWhiteSpace(path) ? null : path, cancellationToken: cancellationToken), cancellationToken);

        [Description("Review this project's git diff: the working tree against HEAD, the staged changes, or a ref range.")]
        public Task<string> ReviewAsync(
            [Description("Review the staged changes.")] bool staged = false,
            [Description("A ref range such as main..HEAD.")] string? range = null,
            CancellationToken cancellationToken = default) =>
            RunAsync(agent => agent.ReviewAsync(new ReviewScope(staged, string.IsNullOrWhiteSpace(range) ? null : range), cancellationToken), cancellationToken);

        private async Task<string> RunAsync(Func<CodingAgent, Task<CodingResult>> task, CancellationToken cancellationToken)
        {
            using var clients = runner.Clients.StartRun();
            var extensions = await runner.DefaultExtensionsAsync(cancellationToken).ConfigureAwait(false);
            var run = await runner.RunAsync(task, new AgentRunOptions { Extensions = extensions, Clients = clients }, cancellationToken).ConfigureAwait(false);
            return run.Result.Answer;
        }
    }
}
