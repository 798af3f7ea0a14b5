namespace Memfun.Hosting.Configuration;

/// <summary>A value given on the command line, applied above every other layer.</summary>
/// <param name="Key">The dotted key it sets (<c>llm.model</c>).</param>
/// <param name="Value">The value as typed.</param>
/// <param name="Flag">The flag it came from (<c>--model</c>), for error messages and <c>config show</c>.</param>
public sealed record ConfigOverride(string Key, string Value, string Flag);
