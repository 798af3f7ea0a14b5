namespace Memfun.Llm.Pipeline;

/// <summary>Receives every model call that passes a trace-capture decorator (the hook trace collectors implement).</summary>
/// <remarks>Called on the thread that finished the call; implementations must be thread-safe and quick.</remarks>
public interface ILlmCallObserver
{
    /// <summary>Records one finished call.</summary>
    void OnCall(LlmCall call);
}
