using System.ComponentModel;
using Memfun.Agent.Coding;
using Memfun.Cli.Infrastructure;
using Memfun.Hosting.Remote;
using Memfun.Tools.Files;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Agent;

/// <summary><c>memfun analyze [PATH]</c>: an architecture and quality report.</summary>
public sealed class AnalyzeCommand(CliEnvironment environment) : AgentCommand<AnalyzeCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override Task<CodingResult> RunAgentAsync(CodingAgent agent, Settings settings, CancellationToken cancellationToken) =>
        agent.AnalyzeAsync(settings.Path, Environment.WorkingDirectory, cancellationToken);

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<RemoteTask>> RemoteTasksAsync(Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var path = settings.Path is null ? null : Path.GetRelativePath(Config.ProjectRoot, Path.GetFullPath(settings.Path, Environment.WorkingDirectory)).Replace('\\', '/');
        if (settings.FanOut is not { } parts)
        {
            return [new RemoteTask { Command = "analyze", Path = path }];
        }

        var files = await ProjectFiles.ListAsync(Config.ProjectRoot, cancellationToken).ConfigureAwait(false);
        var scope = path is null or "." ? files : [.. files.Where(f => f == path || f.StartsWith(path + "/", StringComparison.Ordinal))];
        return [.. FanOut.Split(scope, parts, path is null or "." ? "" : path).Select(share => new RemoteTask { Command = "analyze", Paths = share })];
    }

    /// <summary>What to analyse.</summary>
    public sealed class Settings : RemoteAgentCommandSettings
    {
        /// <summary>Gets or sets how many parts to split the repository into, one task per part on the workers.</summary>
        [CommandOption("--fan-out <N>")]
        [Description("Split the repository (or PATH) into N parts by folder, analyse them on workers in parallel (implies --remote) and merge the reports.")]
        public int? FanOut { get; set; }

        /// <inheritdoc />
        public override bool IsRemote => Remote || FanOut is not null;

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            FanOut is < 1 ? ValidationResult.Error("--fan-out must be at least 1.") : ValidationResult.Success();

        /// <summary>Gets or sets the folder.</summary>
        [CommandArgument(0, "[PATH]")]
        [Description("A folder of the project, relative to the current directory. Default: the whole repository.")]
        public string? Path { get; set; }
    }
}
