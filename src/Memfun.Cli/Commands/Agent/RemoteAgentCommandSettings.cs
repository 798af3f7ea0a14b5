using System.ComponentModel;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Agent;

/// <summary>Options of the agent commands that can run on a worker: <c>ask</c>, <c>explain</c>, <c>analyze</c>, <c>review</c>.</summary>
public class RemoteAgentCommandSettings : AgentCommandSettings
{
    /// <summary>Gets or sets a value indicating whether to send the task to a worker through the configured tier.</summary>
    [CommandOption("--remote")]
    [Description("Send the task to a worker (memfun worker) through the configured Redis or NATS tier; progress streams back and the trace is stored here. Workers need a checkout at this commit.")]
    public bool Remote { get; set; }

    /// <summary>Gets a value indicating whether the command runs on workers (<c>--remote</c>, or an option that implies it).</summary>
    public virtual bool IsRemote => Remote;

    /// <inheritdoc />
    internal override bool TryReadOption(string name, string[] tokens, ref int index)
    {
        if (name is not "--remote")
        {
            return base.TryReadOption(name, tokens, ref index);
        }

        Remote = true;
        return true;
    }
}
