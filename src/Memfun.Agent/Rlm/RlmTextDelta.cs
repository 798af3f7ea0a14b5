namespace Memfun.Agent.Rlm;

/// <summary>A piece of a root model reply, as it streams in (before the turn's <see cref="RlmIteration"/>).</summary>
/// <param name="RunId">The run.</param>
/// <param name="Depth">The recursion depth (0 for the root run).</param>
/// <param name="Turn">The turn (iteration) the reply belongs to, from 1.</param>
/// <param name="Text">The new text; the pieces of one turn, in order, make up its whole reply.</param>
public sealed record RlmTextDelta(string RunId, int Depth, int Turn, string Text);
