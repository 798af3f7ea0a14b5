namespace Memfun.Tools.Changes;

/// <summary>What applying staged edits did.</summary>
/// <param name="Applied">The files written, with what they held before.</param>
/// <param name="Conflicts">The files left alone because they changed on disk since the agent read them.</param>
public sealed record ApplyReport(IReadOnlyList<CheckpointFile> Applied, IReadOnlyList<string> Conflicts);
