namespace Memfun.Agent.Rlm;

/// <summary>Receives a run's events as they happen: trace collectors and progress displays implement it.</summary>
/// <remarks>Sub-call events arrive from concurrent tasks: implementations must be thread-safe and quick.</remarks>
public interface IRlmObserver
{
    /// <summary>Handles one event.</summary>
    void OnEvent(RlmEvent runEvent);

    /// <summary>Handles a piece of the root model's reply as it arrives; by default nothing.</summary>
    /// <remarks>
    /// Pieces are not events: traces keep the whole reply through the turn's model call, so only live displays
    /// (the terminal, <c>stream-json</c>) need them. They arrive in order, on the run's thread, before the turn's
    /// <see cref="RlmIteration"/>.
    /// </remarks>
    void OnTextDelta(RlmTextDelta delta)
    {
    }
}
