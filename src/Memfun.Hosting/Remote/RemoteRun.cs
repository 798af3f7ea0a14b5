namespace Memfun.Hosting.Remote;

/// <summary>A finished remote run: the worker's result and where its trace was stored here.</summary>
/// <param name="Result">What the worker returned.</param>
/// <param name="TracePath">The local copy of the run's trace (built from its progress events), when any arrived.</param>
public sealed record RemoteRun(RemoteResult Result, string? TracePath);
