namespace Memfun.Core.Configuration;

/// <summary>A raw value for a key from one layer, before validation.</summary>
/// <param name="Path">The dotted key.</param>
/// <param name="Value">A string, long, double, bool or list of strings — or, for TOML values of another type, their type name.</param>
/// <param name="Source">Where it came from.</param>
/// <param name="Column">The 1-based column, for file layers.</param>
public sealed record ConfigAssignment(string Path, object Value, ConfigSource Source, int? Column = null);
