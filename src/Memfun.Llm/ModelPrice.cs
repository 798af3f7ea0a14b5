namespace Memfun.Llm;

/// <summary>What a model costs, in US dollars per million tokens.</summary>
/// <param name="InputPerMTok">Price of uncached input tokens.</param>
/// <param name="OutputPerMTok">Price of output tokens.</param>
/// <param name="CachedInputPerMTok">Price of cached input tokens.</param>
public sealed record ModelPrice(double InputPerMTok, double OutputPerMTok, double CachedInputPerMTok);
