using Memfun.Agent.Rlm;

namespace Memfun.Cli.Commands.Agent;

/// <summary>Hands each event to several observers.</summary>
internal sealed class CompositeObserver(params IRlmObserver[] observers) : IRlmObserver
{
    public void OnEvent(RlmEvent runEvent)
    {
        foreach (var observer in observers)
        {
            observer.OnEvent(runEvent);
        }
    }
}
