namespace Memfun.Tools.RepoMap;

/// <summary>A symbol definition found by universal-ctags.</summary>
/// <param name="Name">The identifier.</param>
/// <param name="Kind">The ctags kind (class, method, function...).</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Scope">The enclosing scope, when ctags reports one.</param>
public sealed record SymbolTag(string Name, string Kind, int Line, string? Scope);
