namespace Memfun.Agent.Rlm;

/// <summary>How a run produced its answer.</summary>
public enum RlmTermination
{
    /// <summary>The model's code called <c>SUBMIT(answer)</c>.</summary>
    Submitted,

    /// <summary>The model's code set <c>answer = {"content": ..., "ready": True}</c>.</summary>
    AnswerVariable,

    /// <summary>
    /// The iteration limit was reached without an answer: the extract step asked the root model for its best answer
    /// from the history, and <see cref="RlmResult.Answer"/> is that partial answer, not one the model submitted.
    /// </summary>
    Extracted,
}
