using System.ComponentModel;
using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Memfun.Skills;
using Memfun.Skills.Definitions;
using Memfun.Skills.Discovery;
using Memfun.Tools.Permissions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Skills;

/// <summary><c>memfun skill create NAME</c>: scaffolds a skill that is valid under the specification, in the project (or the user's folder with <c>--user</c>).</summary>
public sealed class SkillCreateCommand(CliEnvironment environment) : MemfunCommand<SkillCreateCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override async Task<int> RunAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (SkillParser.NameProblem(settings.Name) is { } problem)
        {
            throw new SkillException(MemfunErrorCodes.SkillInvalid, $"'{settings.Name}' cannot be a skill name: {problem}.") { Hint = "For example: memfun skill create release-notes" };
        }

        var description = settings.Description ?? $"Describe what {settings.Name} does and when to use it, with the keywords a task would mention.";
        if (description.Length > SkillParser.MaxDescriptionLength)
        {
            throw new SkillException(MemfunErrorCodes.SkillInvalid, $"The description is {description.Length} characters; the limit is {SkillParser.MaxDescriptionLength}.");
        }

        var config = LoadConfig();
        var parent = settings.User ? Path.Combine(DefinitionRoots.UserDirectory(Environment.Variables), "skills") : Path.Combine(config.ProjectRoot, ".agents", "skills");
        var directory = Path.Combine(parent, settings.Name);
        if (Directory.Exists(directory))
        {
            throw new SkillException(MemfunErrorCodes.SkillInvalid, $"{directory} already exists; nothing was written.") { Hint = "Choose another name, or edit the existing SKILL.md." };
        }

        Directory.CreateDirectory(Path.Combine(directory, "references"));
        var quoted = "\"" + description.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        await File.WriteAllTextAsync(Path.Combine(directory, "SKILL.md"), $"""
            ---
            name: {settings.Name}
            description: {quoted}
            allowed-tools: Read Grep Glob
            ---

            # {settings.Name}

            Write the steps the agent follows when it uses this skill: what to look at first, what to produce, and
            how to check the result. Keep this file under 500 lines; put long reference material in `references/`
            and mention it here by its relative path.

            """, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "references", "README.md"), "Reference material the skill's instructions point to, read on demand.\n", cancellationToken).ConfigureAwait(false);

        var issues = new List<DefinitionIssue>();
        _ = SkillParser.Load(directory, TrustTier.Project, issues) ?? throw new SkillException(MemfunErrorCodes.SkillInvalid, "The scaffold is invalid: " + string.Join("; ", issues));
        Environment.Error.MarkupLine($"[green]Created[/] {Markup.Escape(Path.Combine(directory, "SKILL.md"))}: edit its description and instructions, then run [bold]memfun skill validate[/].");
        await Environment.Out.Profile.Out.Writer.WriteLineAsync(Path.Combine(directory, "SKILL.md")).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>The new skill's name and description.</summary>
    public sealed class Settings : MemfunSettings
    {
        /// <summary>Gets or sets the name.</summary>
        [CommandArgument(0, "<NAME>")]
        [Description("The skill's name: 1-64 lowercase letters, digits and hyphens.")]
        public string Name { get; set; } = "";

        /// <summary>Gets or sets the description.</summary>
        [CommandOption("-d|--description <TEXT>")]
        [Description("What the skill does and when to use it (up to 1024 characters).")]
        public string? Description { get; set; }

        /// <summary>Gets or sets whether to create it in the user's folder.</summary>
        [CommandOption("--user")]
        [Description("Create it in $XDG_CONFIG_HOME/memfun/skills/ (all projects) instead of the project's .agents/skills/.")]
        public bool User { get; set; }
    }
}
