namespace Memfun.Agent.Rlm;

/// <summary>How a run produced its answer.</summary>
public enum RlmTermination
{
    /// <summary>The model's code called <c>SUBMIT(answer)</c>.</summary>
    Submitted,

    /// <summary>The model's code set <c>answer = {"content": ..., "ready": True}</c>.</summary>
    AnswerVariable,

    /// <summary>The iteration limit was reached and the extract step produced the answer from the history.</summary>
    Extracted,
}
