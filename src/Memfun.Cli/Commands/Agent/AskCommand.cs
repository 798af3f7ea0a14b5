using System.ComponentModel;
using Memfun.Agent.Coding;
using Memfun.Cli.Infrastructure;
using Memfun.Hosting.Remote;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Agent;

/// <summary><c>memfun ask "question"</c>: answers a question about the codebase.</summary>
public sealed class AskCommand(CliEnvironment environment) : AgentCommand<AskCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override Task<CodingResult> RunAgentAsync(CodingAgent agent, Settings settings, CancellationToken cancellationToken) =>
        agent.AskAsync(settings.Question, cancellationToken);

    /// <inheritdoc />
    protected override Task<IReadOnlyList<RemoteTask>> RemoteTasksAsync(Settings settings, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RemoteTask>>([new RemoteTask { Command = "ask", Text = settings.Question }]);

    /// <summary>The question.</summary>
    public sealed class Settings : RemoteAgentCommandSettings
    {
        /// <summary>Gets or sets the question.</summary>
        [CommandArgument(0, "<QUESTION>")]
        [Description("The question, in quotes.")]
        public string Question { get; set; } = "";
    }
}
