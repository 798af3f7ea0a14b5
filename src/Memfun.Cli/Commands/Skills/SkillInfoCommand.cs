using System.ComponentModel;
using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Memfun.Skills;
using Memfun.Skills.Execution;
using Memfun.Tools.Permissions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Skills;

/// <summary><c>memfun skill info NAME</c>: a skill's fields, what its trust tier lets it do, its files and its instructions.</summary>
public sealed class SkillInfoCommand(CliEnvironment environment) : MemfunCommand<SkillInfoCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override async Task<int> RunAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var config = await LoadConfigAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var catalog = SkillCatalogs.Discover(Environment, config);
        var skill = SkillCatalogs.Find(catalog, settings.Name);
        var body = await skill.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        var policy = TrustPolicy.For(skill.Trust);
        string grant;
        try
        {
            var resolved = ToolGrant.Resolve(skill.Name, skill.AllowedTools, skill.Trust);
            grant = string.Join(", ", resolved.RepositoryTools.Order(StringComparer.Ordinal)) + (resolved.Commands.Count > 0 ? $", run_command ({policy.Commands.ToString().ToLowerInvariant()})" : "");
        }
        catch (SkillException e)
        {
            grant = "refused: " + e.Message;
        }

        if (settings.Json)
        {
            await WriteJsonAsync(new
            {
                name = skill.Name,
                description = skill.Description,
                license = skill.License,
                compatibility = skill.Compatibility,
                metadata = skill.Metadata,
                allowed_tools = skill.AllowedTools.Select(t => t.Text),
                trust = TrustTiers.Name(skill.Trust),
                path = skill.FilePath,
                files = skill.ResourceFiles(),
                tools = grant,
                shadows = catalog.Shadowed.Where(x => x.Name == skill.Name).Select(x => x.Reason),
                body,
            }).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var grid = new Grid().AddColumn().AddColumn();
        void Row(string label, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                grid.AddRow($"[bold]{label}[/]", Markup.Escape(value));
            }
        }

        Row("Name", skill.Name);
        Row("Description", skill.Description);
        Row("Source", $"{TrustTiers.Name(skill.Trust)} ({skill.FilePath})");
        Row("License", skill.License);
        Row("Compatibility", skill.Compatibility);
        Row("Metadata", string.Join(", ", skill.Metadata.Select(m => $"{m.Key}={m.Value}")));
        Row("Allowed tools", string.Join(" ", skill.AllowedTools.Select(t => t.Text)));
        Row("Tools granted", grant);
        Row("Trust policy", $"commands {policy.Commands}, writes {policy.Writes}, network {policy.Network}".ToLowerInvariant());
        Row("Files", string.Join(", ", skill.ResourceFiles()));
        Row("Shadows", string.Join("; ", catalog.Shadowed.Where(x => x.Name == skill.Name).Select(x => x.Reason)));
        Environment.Out.Write(grid);
        Environment.Out.WriteLine();
        await Environment.Out.Profile.Out.Writer.WriteLineAsync(body).ConfigureAwait(false);
        SkillCatalogs.WriteIssues(Environment.Error, skill.Warnings);
        return ExitCodes.Success;
    }

    /// <summary>The skill's name.</summary>
    public sealed class Settings : JsonSettings
    {
        /// <summary>Gets or sets the skill's name.</summary>
        [CommandArgument(0, "<NAME>")]
        [Description("The skill's name (memfun skill list shows them).")]
        public string Name { get; set; } = "";
    }
}
