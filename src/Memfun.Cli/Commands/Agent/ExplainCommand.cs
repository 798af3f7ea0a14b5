using System.ComponentModel;
using Memfun.Agent.Coding;
using Memfun.Cli.Infrastructure;
using Memfun.Hosting.Remote;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Agent;

/// <summary><c>memfun explain TARGET</c>: explains a file, a line range or a symbol.</summary>
public sealed class ExplainCommand(CliEnvironment environment) : AgentCommand<ExplainCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override Task<CodingResult> RunAgentAsync(CodingAgent agent, Settings settings, CancellationToken cancellationToken) =>
        agent.ExplainAsync(settings.Target, settings.Audience, Environment.WorkingDirectory, cancellationToken);

    /// <inheritdoc />
    protected override Task<IReadOnlyList<RemoteTask>> RemoteTasksAsync(Settings settings, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RemoteTask>>([new RemoteTask { Command = "explain", Text = settings.Target, Audience = settings.Audience }]);

    /// <summary>What to explain, and for whom.</summary>
    public sealed class Settings : RemoteAgentCommandSettings
    {
        /// <summary>Gets or sets the target.</summary>
        [CommandArgument(0, "<TARGET>")]
        [Description("A file (src/app.py), a line range (src/app.py:10-40) or a symbol name; paths are relative to the current directory.")]
        public string Target { get; set; } = "";

        /// <summary>Gets or sets the audience.</summary>
        [CommandOption("--audience <WHO>")]
        [Description("Who the explanation is for. Default: a developer new to this codebase.")]
        public string Audience { get; set; } = "a developer new to this codebase";
    }
}
