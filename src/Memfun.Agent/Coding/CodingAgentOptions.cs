using Memfun.Agent.Verification;
using Memfun.Sandbox;

namespace Memfun.Agent.Coding;

/// <summary>What the coding agent may do beyond reading: the permission mode, and the sandbox its commands and tests run in.</summary>
public sealed record CodingAgentOptions
{
    /// <summary>Gets the permission mode. Default <see cref="AgentMode.Ask"/>: edits are staged for approval.</summary>
    public AgentMode Mode { get; init; } = AgentMode.Ask;

    /// <summary>Gets the sandbox that runs <c>run(command)</c> and the tests; without one, the agent cannot run commands.</summary>
    public ICommandSandbox? Commands { get; init; }

    /// <summary>Gets the limits and network rule of commands (the run's sandbox options).</summary>
    public SandboxOptions? Limits { get; init; }

    /// <summary>Gets the longest a command (or the test suite) may run. Default 5 minutes.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the project's test command, run before and after a fix's change; null when the project has none.</summary>
    public TestCommand? Test { get; init; }

    /// <summary>Returns a request for <paramref name="command"/> in <paramref name="directory"/> under these options' limits and network rule.</summary>
    /// <param name="command">The command line.</param>
    /// <param name="directory">The host folder to run in.</param>
    public CommandRequest Request(string command, string directory) =>
        Limits is { } limits ? CommandRequest.For(limits, command, directory) : new CommandRequest { Command = command, Directory = directory };
}
