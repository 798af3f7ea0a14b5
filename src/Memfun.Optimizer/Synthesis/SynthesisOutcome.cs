namespace Memfun.Optimizer.Synthesis;

/// <summary>What became of one synthesized draft.</summary>
/// <param name="Kind">Skill or agent.</param>
/// <param name="Name">The draft's name.</param>
/// <param name="Strategy">The successful strategy it came from.</param>
/// <param name="Path">Where it was (or would have been) written.</param>
/// <param name="Text">The draft's full text.</param>
/// <param name="Decision"><c>written</c>, <c>invalid</c>, <c>worse</c>, <c>declined</c> or <c>exists</c>.</param>
/// <param name="Detail">Why: the validation errors, the scores, or the user's refusal.</param>
/// <param name="ScoreBefore">The source tasks' mean score without the draft, when it was evaluated.</param>
/// <param name="ScoreAfter">Their mean score with the draft's instructions, when it was evaluated.</param>
public sealed record SynthesisOutcome(DefinitionKind Kind, string Name, string Strategy, string Path, string Text, string Decision, string Detail,
    double? ScoreBefore, double? ScoreAfter)
{
    /// <summary>Gets whether the draft was written.</summary>
    public bool Written => Decision == "written";
}
