using Memfun.Agent.Verification;
using Memfun.Sandbox;
using Memfun.Tools.Workspaces;

namespace Memfun.Agent.Coding;

/// <summary>Runs one run's commands in the sandbox: in its workspace (writable, at the project's path) or over the project read-only.</summary>
internal sealed class WorkspaceCommands(ICommandSandbox sandbox, CodingAgentOptions options, string projectRoot, Workspace? workspace)
{
    /// <summary>Gets a value indicating whether commands may write (they run in a workspace).</summary>
    public bool Writable => workspace is not null;

    /// <summary>Gets the longest a command may run.</summary>
    public TimeSpan MaxTimeout => options.CommandTimeout;

    public async Task<CommandResult> RunAsync(string command, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (workspace is not null)
        {
            await workspace.PrepareAsync(cancellationToken).ConfigureAwait(false);
        }

        var request = options.Request(command, workspace?.Root ?? projectRoot) with
        {
            MountPath = projectRoot,
            Writable = workspace is not null,
            Timeout = timeout is { } t && t > TimeSpan.Zero && t < options.CommandTimeout ? t : options.CommandTimeout,
        };
        return await sandbox.RunCommandAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TestReport> RunTestsAsync(TestCommand test, CancellationToken cancellationToken) =>
        TestReport.From(await RunAsync(test.Command, null, cancellationToken).ConfigureAwait(false));
}
