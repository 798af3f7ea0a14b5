namespace Memfun.Llm.Programs;

/// <summary>A program made of named predictors: what <see cref="ProgramSerializer"/> saves and the optimizer tunes.</summary>
public interface IProgram
{
    /// <summary>Returns every predictor with a name that is stable across runs.</summary>
    IEnumerable<KeyValuePair<string, IPredictor>> NamedPredictors();
}
