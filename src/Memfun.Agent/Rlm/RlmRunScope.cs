using Memfun.Tools;

namespace Memfun.Agent.Rlm;

/// <summary>What a root run and all its recursive sub-runs share: the sub-call count and the batch concurrency.</summary>
internal sealed class RlmRunScope(RlmOptions options) : IDisposable
{
    private int _subCalls;

    public SemaphoreSlim BatchGate { get; } = new(options.SubCallConcurrency, options.SubCallConcurrency);

    public int SubCalls => Volatile.Read(ref _subCalls);

    /// <summary>Takes one sub-call from the run's allowance.</summary>
    /// <exception cref="ToolException">The allowance is used up (raised in the model's code).</exception>
    public void TakeSubCall()
    {
        if (Interlocked.Increment(ref _subCalls) > options.MaxSubCalls)
        {
            Interlocked.Decrement(ref _subCalls);
            throw new ToolException($"The sub-call limit of {options.MaxSubCalls} is reached: finish with what you have and SUBMIT(answer).");
        }
    }

    public void Dispose() => BatchGate.Dispose();
}
