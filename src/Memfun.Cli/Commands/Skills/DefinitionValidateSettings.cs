using System.ComponentModel;
using Memfun.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Skills;

/// <summary>Options of <c>skill validate</c> and <c>agent validate</c>.</summary>
public class DefinitionValidateSettings : JsonSettings
{
    /// <summary>Gets or sets the paths.</summary>
    [CommandArgument(0, "[PATH]")]
    [Description("Definition folders, their SKILL.md/AGENT.md files, or folders of them (default: the project's .memfun/ and .agents/ folders).")]
    public string[] Paths { get; set; } = [];

    /// <summary>Gets or sets whether warnings fail too.</summary>
    [CommandOption("--strict")]
    [Description("Fail on warnings too (unknown fields, unknown tools).")]
    public bool Strict { get; set; }

    /// <inheritdoc />
    internal override bool TryReadOption(string name, string[] tokens, ref int index)
    {
        if (name is not "--strict")
        {
            return base.TryReadOption(name, tokens, ref index);
        }

        Strict = true;
        return true;
    }
}
