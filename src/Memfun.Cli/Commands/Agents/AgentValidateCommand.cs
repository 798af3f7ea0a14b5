using Memfun.Cli.Commands.Skills;
using Memfun.Cli.Infrastructure;
using Memfun.Skills.Agents;
using Memfun.Skills.Definitions;
using Memfun.Skills.Discovery;
using Memfun.Tools.Permissions;

namespace Memfun.Cli.Commands.Agents;

/// <summary>
/// <c>memfun agent validate [PATH...]</c>: checks AGENT.md definitions (fields, tools, trust, limits) and exits non-zero
/// on any error. A path is an agent folder, its <c>AGENT.md</c>, or a folder of agents.
/// </summary>
public sealed class AgentValidateCommand(CliEnvironment environment) : DefinitionValidateCommand<AgentValidateCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override string FileName => "AGENT.md";

    /// <inheritdoc />
    protected override string Noun => "agents";

    /// <inheritdoc />
    protected override IReadOnlyList<DefinitionRoot> ProjectRoots() =>
        [.. DefinitionRoots.Agents(Environment.WorkingDirectory, Environment.Variables).Where(r => r.Trust == TrustTier.Project)];

    /// <inheritdoc />
    protected override void LoadOne(string directory, List<DefinitionIssue> issues) => AgentParser.Load(directory, TrustTier.Untrusted, issues);

    /// <inheritdoc />
    protected override (int Checked, IReadOnlyList<DefinitionIssue> Issues) Discover(DefinitionRoot root)
    {
        var catalog = AgentCatalog.Discover([root]);
        var failedFiles = catalog.Issues.Where(i => i.Severity == IssueSeverity.Error).Select(i => i.File).Distinct().Count();
        return (catalog.Agents.Count + catalog.Shadowed.Count + failedFiles, catalog.Issues);
    }

    /// <summary>What to check.</summary>
    public sealed class Settings : DefinitionValidateSettings;
}
