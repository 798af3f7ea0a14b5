using System.ComponentModel;
using Memfun.Agent.Coding;
using Memfun.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Agent;

/// <summary><c>memfun analyze [PATH]</c>: an architecture and quality report.</summary>
public sealed class AnalyzeCommand(CliEnvironment environment) : AgentCommand<AnalyzeCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override Task<CodingResult> RunAgentAsync(CodingAgent agent, Settings settings, CancellationToken cancellationToken) =>
        agent.AnalyzeAsync(settings.Path, Environment.WorkingDirectory, cancellationToken);

    /// <summary>What to analyse.</summary>
    public sealed class Settings : AgentCommandSettings
    {
        /// <summary>Gets or sets the folder.</summary>
        [CommandArgument(0, "[PATH]")]
        [Description("A folder of the project, relative to the current directory. Default: the whole repository.")]
        public string? Path { get; set; }
    }
}
