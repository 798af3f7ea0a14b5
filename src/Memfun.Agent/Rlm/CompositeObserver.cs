namespace Memfun.Agent.Rlm;

/// <summary>Hands each event to several observers, in order (a trace file and a progress display, for example).</summary>
/// <param name="observers">The observers.</param>
public sealed class CompositeObserver(params IRlmObserver[] observers) : IRlmObserver
{
    /// <inheritdoc />
    public void OnEvent(RlmEvent runEvent)
    {
        foreach (var observer in observers)
        {
            observer.OnEvent(runEvent);
        }
    }

    /// <inheritdoc />
    public void OnTextDelta(RlmTextDelta delta)
    {
        foreach (var observer in observers)
        {
            observer.OnTextDelta(delta);
        }
    }
}
