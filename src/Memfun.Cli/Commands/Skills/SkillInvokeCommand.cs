using System.ComponentModel;
using Memfun.Agent.Coding;
using Memfun.Cli.Commands.Agent;
using Memfun.Cli.Infrastructure;
using Memfun.Skills.Discovery;
using Memfun.Skills.Execution;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Skills;

/// <summary>
/// <c>memfun skill invoke NAME [INPUT]</c>: runs a skill as an agent task in the sandbox, with only the tools its
/// allowed-tools and trust tier permit; commands its tier may not run freely are approved one by one, and edits
/// are shown as a diff and written only after approval. <c>--path</c> runs a skill folder that is not installed, as untrusted.
/// </summary>
public sealed class SkillInvokeCommand(CliEnvironment environment) : AgentCommand<SkillInvokeCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override Task<CodingAgentExtensions?> ExtensionsAsync(AgentSession session, CancellationToken cancellationToken) => Task.FromResult<CodingAgentExtensions?>(null);

    /// <inheritdoc />
    protected override Task<CodingResult> RunAgentAsync(CodingAgent agent, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var catalog = settings.Path is { } path
            ? SkillDiscovery.FromPath(Path.GetFullPath(path, Environment.WorkingDirectory))
            : SkillCatalogs.Discover(Environment, Config);
        if (settings.Path is not null && catalog.Skills.Count == 0)
        {
            throw new global::Memfun.Skills.SkillException(global::Memfun.Core.Errors.MemfunErrorCodes.SkillInvalid, $"{settings.Path} is not a valid skill: {string.Join("; ", catalog.Errors)}");
        }

        var skill = settings.Path is not null ? catalog.Skills[0] : SkillCatalogs.Find(catalog, settings.Name);
        var runner = new SkillRunner(Config.ProjectRoot, new ConsoleApprover(Environment, settings.Yes));
        return runner.RunAsync(agent, skill, settings.Input ?? "", cancellationToken);
    }

    /// <inheritdoc />
    protected override Task<int> CompleteAsync(CodingResult result, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return OfferPatchAsync(result, settings, settings.Yes, cancellationToken);
    }

    /// <inheritdoc />
    protected override object? JsonExtras(CodingResult result) => PatchExtras(result);

    /// <summary>The skill, its input, and approval.</summary>
    public sealed class Settings : AgentCommandSettings
    {
        /// <summary>Gets or sets the skill's name.</summary>
        [CommandArgument(0, "<NAME>")]
        [Description("The skill's name (with --path: any name, the folder's skill runs).")]
        public string Name { get; set; } = "";

        /// <summary>Gets or sets the input.</summary>
        [CommandArgument(1, "[INPUT]")]
        [Description("What to apply the skill to, in quotes.")]
        public string? Input { get; set; }

        /// <summary>Gets or sets a skill folder to run instead of an installed skill.</summary>
        [CommandOption("--path <DIR>")]
        [Description("Run the skill in this folder (not installed: it runs as untrusted, read-only).")]
        public string? Path { get; set; }

        /// <summary>Gets or sets whether to approve everything without asking.</summary>
        [CommandOption("-y|--yes")]
        [Description("Approve commands and apply edits without asking (for scripts).")]
        public bool Yes { get; set; }
    }
}
