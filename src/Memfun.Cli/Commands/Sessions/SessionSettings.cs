using System.ComponentModel;
using Memfun.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Sessions;

/// <summary>Which chat.</summary>
public sealed class SessionSettings : JsonSettings
{
    /// <summary>Gets or sets the session id.</summary>
    [CommandArgument(0, "<ID>")]
    [Description("The session id, a unique prefix of it, or `last`.")]
    public string Id { get; set; } = "";
}
