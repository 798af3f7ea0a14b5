namespace Memfun.Cli.Commands.Agent;

/// <summary>What became of a staged patch: the files written, the conflicts left alone, the checkpoint and the kept patch.</summary>
/// <param name="Applied">The files written.</param>
/// <param name="Conflicts">The files left alone because they changed on disk since the agent read them.</param>
/// <param name="Checkpoint">The checkpoint <c>memfun undo</c> restores, when something was written.</param>
/// <param name="KeptAt">Where the patch is kept for <c>memfun apply</c>.</param>
/// <param name="ExitCode">The command's exit code.</param>
internal sealed record PatchOutcome(IReadOnlyList<string> Applied, IReadOnlyList<string> Conflicts, string? Checkpoint, string? KeptAt, int ExitCode)
{
    /// <summary>Gets the outcome of a run that staged nothing.</summary>
    public static PatchOutcome Empty { get; } = new([], [], null, null, 0);

    /// <summary>Returns the outcome's JSON fields (snake_case).</summary>
    public object ToJson() => new { applied = Applied, conflicts = Conflicts, checkpoint = Checkpoint, patch_file = KeptAt };
}
