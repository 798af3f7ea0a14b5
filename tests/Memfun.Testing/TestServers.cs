namespace Memfun.Testing;

/// <summary>
/// The Redis and NATS servers the distributed-tier tests run against, from <c>MEMFUN_REDIS_URL</c> and
/// <c>MEMFUN_NATS_URL</c> (scripts/test.sh starts both on free loopback ports).
/// </summary>
public static class TestServers
{
    /// <summary>Gets the Redis URL, or skips the test (fails it when <c>MEMFUN_REQUIRE_SERVERS=1</c>).</summary>
    public static string RedisUrl => Require("MEMFUN_REDIS_URL", "redis-server");

    /// <summary>Gets the NATS URL, or skips the test (fails it when <c>MEMFUN_REQUIRE_SERVERS=1</c>).</summary>
    public static string NatsUrl => Require("MEMFUN_NATS_URL", "nats-server -js");

    /// <summary>Gets a value indicating whether a missing server must fail the run instead of skipping.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("MEMFUN_REQUIRE_SERVERS") == "1";

    private static string Require(string variable, string server)
    {
        var url = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(url))
        {
            return url;
        }

        if (Required)
        {
            Assert.Fail($"{variable} is not set, and MEMFUN_REQUIRE_SERVERS=1 requires a real {server}. Run bash scripts/test.sh, which starts one.");
        }

        Assert.Skip($"{variable} is not set: start {server} and set it (bash scripts/test.sh does both) to run this test.");
        return url!;
    }
}
