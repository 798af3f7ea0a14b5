using Memfun.Core.Configuration;

namespace Memfun.Hosting.Configuration;

/// <summary>One effective configuration value and where it came from, as <c>memfun config show</c> lists it.</summary>
/// <param name="Key">The dotted key (<c>llm.model</c>).</param>
/// <param name="Value">The value: a string, long, double, bool, a list of strings, or null when unset.</param>
/// <param name="Source">Where it came from.</param>
public sealed record ConfigEntry(string Key, object? Value, ConfigSource Source);
