namespace Memfun.Runtime.Conformance;

/// <summary>
/// One runtime tier under test. Each tier's test project defines a sealed subclass and subclasses every
/// conformance suite with it; <see cref="ConformanceCoverage"/> fails when one is missing.
/// </summary>
public abstract class RuntimeTier
{
    /// <summary>Gets the tier's name, for messages.</summary>
    public abstract string Name { get; }

    /// <summary>Gets a value indicating whether data survives disposing the backend and creating it again (T1-T3).</summary>
    public virtual bool IsDurable => true;

    /// <summary>
    /// Creates a backend isolated from every other test (its own file, key prefix or namespace). Called again
    /// on the same tier object, it opens the same storage, as a restarted process would.
    /// </summary>
    public abstract Task<IRuntimeBackend> CreateBackendAsync(CancellationToken cancellationToken);

    /// <summary>Releases what <see cref="CreateBackendAsync"/> set up besides the backend (temp files...).</summary>
    public virtual ValueTask CleanUpAsync() => ValueTask.CompletedTask;
}
