namespace Memfun.Hosting.Agents;

/// <summary>What an agent run returned, and where its trace was written.</summary>
/// <typeparam name="T">The task's result type.</typeparam>
/// <param name="Result">The task's result.</param>
/// <param name="TracePath">The JSONL trace file, when the run recorded events.</param>
public sealed record AgentRunResult<T>(T Result, string? TracePath);
