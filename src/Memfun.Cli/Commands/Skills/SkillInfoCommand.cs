using System.ComponentModel;
using Memfun.Cli.Infrastructure;
using Memfun.Cli.Rendering;
using Memfun.Core.Errors;
using Memfun.Skills.Definitions;
using Memfun.Skills.Discovery;
using Memfun.Skills;
using Memfun.Skills.Execution;
using Memfun.Tools.Permissions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Skills;

/// <summary><c>memfun skill info NAME</c>: a skill's fields, what its trust tier lets it do, its files and its instructions.</summary>
public sealed class SkillInfoCommand(CliEnvironment environment) : LocalCommand<SkillInfoCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override int Run(CommandContext context, Settings settings)
    {
        var catalog = WhileConfigLoads(projectRoot => SkillCatalogs.Discover(Environment, projectRoot), out _);
        var skill = SkillCatalogs.Find(catalog, settings.Name);
        var body = skill.ReadBody();
        var policy = TrustPolicy.For(skill.Trust);
        string grant;
        try
        {
            var resolved = ToolGrant.Resolve(skill.Name, skill.AllowedTools, skill.Trust);
            var tools = new List<string>(resolved.RepositoryTools);
            tools.Sort(StringComparer.Ordinal);
            grant = string.Join(", ", tools) + (resolved.Commands.Count > 0 ? $", run_command ({Name(policy.Commands)})" : "");
        }
        catch (SkillException e)
        {
            grant = "refused: " + e.Message;
        }

        if (settings.Json)
        {
            WriteJson(JsonView(catalog, skill, grant, body));
            return ExitCodes.Success;
        }

        var fields = TextTable.RenderFields(
            [
                ("Name", skill.Name),
                ("Description", skill.Description),
                ("Source", $"{TrustTiers.Name(skill.Trust)} ({skill.FilePath})"),
                ("License", skill.License),
                ("Compatibility", skill.Compatibility),
                ("Metadata", Pairs(skill.Metadata)),
                ("Allowed tools", string.Join(" ", ToolRequest.Texts(skill.AllowedTools))),
                ("Tools granted", grant),
                ("Trust policy", $"commands {Name(policy.Commands)}, writes {Name(policy.Writes)}, network {Name(policy.Network)}"),
                ("Files", string.Join(", ", skill.ResourceFiles())),
                ("Shadows", SkillCatalogs.ShadowReasons(catalog.Shadowed, skill.Name)),
            ],
            Environment.OutputWidth);
        Environment.OutWriter.WriteLine(fields);
        Environment.OutWriter.WriteLine(body);
        SkillCatalogs.WriteIssues(Environment, skill.Warnings);
        return ExitCodes.Success;
    }

    // Its own method: the anonymous types of the JSON view would otherwise be loaded on every run, with or without --json.
    private static object JsonView(SkillCatalog catalog, SkillDefinition skill, string grant, string body) => new
    {
        name = skill.Name,
        description = skill.Description,
        license = skill.License,
        compatibility = skill.Compatibility,
        metadata = skill.Metadata,
        allowed_tools = ToolRequest.Texts(skill.AllowedTools),
        trust = TrustTiers.Name(skill.Trust),
        path = skill.FilePath,
        files = skill.ResourceFiles(),
        tools = grant,
        shadows = catalog.Shadowed.Where(x => x.Name == skill.Name).Select(x => x.Reason),
        body,
    };

    // Written out, not Enum.ToString or LINQ over key-value pairs: both are compiled or looked up at run time, a cost at
    // the start of a command that prints one skill (issue 20).
    private static string Name(Permission permission) => permission switch
    {
        Permission.Allow => "allow",
        Permission.Ask => "ask",
        _ => "deny",
    };

    private static string Pairs(IReadOnlyDictionary<string, string> values)
    {
        var text = new System.Text.StringBuilder();
        foreach (var (key, value) in values)
        {
            text.Append(text.Length == 0 ? "" : ", ").Append(key).Append('=').Append(value);
        }

        return text.ToString();
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
