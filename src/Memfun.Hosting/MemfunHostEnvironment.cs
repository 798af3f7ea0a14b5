namespace Memfun.Hosting;

/// <summary>What a host takes from its process besides the configuration: the environment variables.</summary>
/// <param name="Variables">The environment variables API keys and tokens are read from (by the names in the configuration).</param>
public sealed record MemfunHostEnvironment(IReadOnlyDictionary<string, string?> Variables);
