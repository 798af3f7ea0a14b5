namespace Memfun.Agent.Rlm;

/// <summary>Receives a run's events as they happen: trace collectors and progress displays implement it.</summary>
/// <remarks>Sub-call events arrive from concurrent tasks: implementations must be thread-safe and quick.</remarks>
public interface IRlmObserver
{
    /// <summary>Handles one event.</summary>
    void OnEvent(RlmEvent runEvent);
}
