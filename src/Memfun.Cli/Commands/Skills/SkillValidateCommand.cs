using Memfun.Cli.Infrastructure;
using Memfun.Skills.Definitions;
using Memfun.Skills.Discovery;
using Memfun.Tools.Permissions;

namespace Memfun.Cli.Commands.Skills;

/// <summary>
/// <c>memfun skill validate [PATH...]</c>: checks skills against the Agent Skills specification and exits non-zero on
/// any error, so other projects' CI can run it. A path is a skill folder, its <c>SKILL.md</c>, or a folder of skills.
/// </summary>
public sealed class SkillValidateCommand(CliEnvironment environment) : DefinitionValidateCommand<SkillValidateCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override string FileName => "SKILL.md";

    /// <inheritdoc />
    protected override string Noun => "skills";

    /// <inheritdoc />
    protected override IReadOnlyList<DefinitionRoot> ProjectRoots() =>
        [.. DefinitionRoots.Skills(Environment.WorkingDirectory, Environment.Variables).Where(r => r.Trust == TrustTier.Project)];

    /// <inheritdoc />
    protected override void LoadOne(string directory, List<DefinitionIssue> issues) => SkillParser.Load(directory, TrustTier.Untrusted, issues);

    /// <inheritdoc />
    protected override (int Checked, IReadOnlyList<DefinitionIssue> Issues) Discover(DefinitionRoot root)
    {
        var catalog = SkillDiscovery.Discover([root]);
        return (catalog.Skills.Count + catalog.Shadowed.Count + catalog.Errors.Select(e => e.File).Distinct().Count(), catalog.Issues);
    }

    /// <summary>What to check.</summary>
    public sealed class Settings : DefinitionValidateSettings;
}
