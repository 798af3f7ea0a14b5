namespace Memfun.Core.Configuration;

/// <summary>A TOML value of a type no key takes (dates, tables in arrays); validation reports it by name.</summary>
/// <param name="TypeName">What the value is, in words (<c>date</c>, <c>array of tables</c>).</param>
public sealed record UnsupportedConfigValue(string TypeName);
