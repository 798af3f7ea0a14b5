namespace Memfun.Optimizer.Traces;

/// <summary>One recorded run's inefficiencies and the strategy it used.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Query">Its task.</param>
/// <param name="Status">How it ended (as <c>memfun traces list</c> says).</param>
/// <param name="Turns">Root turns.</param>
/// <param name="TotalTokens">Tokens of the whole run.</param>
/// <param name="Strategy">The REPL functions and idioms its code used, sorted (its strategy's signature).</param>
/// <param name="Findings">What it wasted.</param>
public sealed record RunAnalysis(string RunId, string Query, string Status, int Turns, long TotalTokens, IReadOnlyList<string> Strategy, IReadOnlyList<TraceFinding> Findings);
