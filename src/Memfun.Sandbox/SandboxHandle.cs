namespace Memfun.Sandbox;

/// <summary>Identifies one live sandbox (one REPL kernel and its variables).</summary>
/// <param name="Id">The sandbox id.</param>
/// <param name="Kind">The host kind (<c>local</c>, <c>docker</c>).</param>
/// <param name="CreatedAt">When the sandbox was created.</param>
public sealed record SandboxHandle(string Id, string Kind, DateTimeOffset CreatedAt);
