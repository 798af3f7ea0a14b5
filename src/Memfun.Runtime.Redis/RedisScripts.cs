namespace Memfun.Runtime.Redis;

/// <summary>
/// The Lua scripts that make each multi-key change atomic: a state write bumps the revision counter, updates the
/// key index and the TTL set, and appends to the change stream in one step, so a watch never misses a change.
/// </summary>
internal static class RedisScripts
{
    private const string Now = "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) ";

    /// <summary>KEYS: data, index, revision, changes, ttl. ARGV: key, value, ttl ms (0 = none), expected revision (-1 = any), max changes, channel.</summary>
    public const string Set = Now + """
        local exp = tonumber(ARGV[4])
        if exp >= 0 then
          local cur = redis.call('HGET', KEYS[1], 'r')
          local c = cur and tonumber(cur) or 0
          if c ~= exp then return {0, c} end
        end
        local rev = redis.call('INCR', KEYS[3])
        local ttl = tonumber(ARGV[3])
        redis.call('DEL', KEYS[1])
        if ttl > 0 then
          local at = now + ttl
          redis.call('HSET', KEYS[1], 'v', ARGV[2], 'r', rev, 'x', at)
          redis.call('PEXPIRE', KEYS[1], ttl)
          redis.call('ZADD', KEYS[5], at, ARGV[1])
        else
          redis.call('HSET', KEYS[1], 'v', ARGV[2], 'r', rev)
          redis.call('ZREM', KEYS[5], ARGV[1])
        end
        redis.call('ZADD', KEYS[2], 0, ARGV[1])
        redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[5], '*', 'k', ARGV[1], 'o', 'p', 'v', ARGV[2], 'r', rev)
        redis.call('PUBLISH', ARGV[6], '')
        return {1, rev}
        """;

    /// <summary>KEYS: data, index, revision, changes, ttl. ARGV: key, max changes, channel.</summary>
    public const string Delete = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('DEL', KEYS[1])
        redis.call('ZREM', KEYS[2], ARGV[1])
        redis.call('ZREM', KEYS[5], ARGV[1])
        local rev = redis.call('INCR', KEYS[3])
        redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[2], '*', 'k', ARGV[1], 'o', 'd', 'v', '', 'r', rev)
        redis.call('PUBLISH', ARGV[3], '')
        return 1
        """;

    /// <summary>Records the expiry of keys whose TTL ran out. KEYS: ttl, index, revision, changes. ARGV: data prefix, max changes, channel, limit.</summary>
    public const string Expire = Now + """
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[4]))
        local n = 0
        for _, k in ipairs(due) do
          if redis.call('EXISTS', ARGV[1] .. k) == 0 then
            redis.call('ZREM', KEYS[1], k)
            redis.call('ZREM', KEYS[2], k)
            local rev = redis.call('INCR', KEYS[3])
            redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[2], '*', 'k', k, 'o', 'e', 'v', '', 'r', rev)
            n = n + 1
          end
        end
        if n > 0 then redis.call('PUBLISH', ARGV[3], '') end
        return n
        """;

    /// <summary>Lists live keys in a lexicographic range. KEYS: index. ARGV: data prefix, min, max, offset, count.</summary>
    public const string ListKeys = """
        local keys = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[2], ARGV[3], 'LIMIT', tonumber(ARGV[4]), tonumber(ARGV[5]))
        local live = {}
        for _, k in ipairs(keys) do
          if redis.call('EXISTS', ARGV[1] .. k) == 1 then live[#live + 1] = k end
        end
        return {#keys, live}
        """;

    /// <summary>
    /// Claims one delivery whose ack timeout ran out: dead-letters it if it used up its deliveries, puts it back if
    /// a nack delay is still running. KEYS: stream, delayed, dead-letter stream, finals.
    /// ARGV: group, consumer, ack timeout ms, max deliveries, final member prefix, dead-letter max length.
    /// Returns {id, fields, delivery count} or nil.
    /// </summary>
    public const string Claim = Now + """
        local minIdle = tonumber(ARGV[3])
        local max = tonumber(ARGV[4])
        local r = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], minIdle, '0-0', 'COUNT', 10)
        local result = nil
        for _, e in ipairs(r[2]) do
          local id = e[1]
          local count = redis.call('XPENDING', KEYS[1], ARGV[1], id, id, 1)[1][4]
          if result then
            redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, id, 'IDLE', minIdle, 'RETRYCOUNT', count - 1, 'JUSTID')
          else
            local due = redis.call('ZSCORE', KEYS[2], id)
            if due and tonumber(due) > now then
              local idle = math.max(0, minIdle - (tonumber(due) - now))
              redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, id, 'IDLE', idle, 'RETRYCOUNT', count - 1, 'JUSTID')
            else
              if due then redis.call('ZREM', KEYS[2], id) end
              if count > max then
                redis.call('XADD', KEYS[3], 'MAXLEN', '=', ARGV[6], '*', unpack(e[2]))
                redis.call('XACK', KEYS[1], ARGV[1], id)
                redis.call('ZREM', KEYS[4], ARGV[5] .. id)
              else
                if count == max then redis.call('ZADD', KEYS[4], now + minIdle, ARGV[5] .. id) end
                result = {id, e[2], count}
              end
            end
          end
        end
        return result
        """;

    /// <summary>KEYS: stream, delayed, finals. ARGV: group, id, final member.</summary>
    public const string Ack = """
        redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
        redis.call('ZREM', KEYS[2], ARGV[2])
        redis.call('ZREM', KEYS[3], ARGV[3])
        return 1
        """;

    /// <summary>
    /// Makes a delivery claimable after a delay, keeping its delivery count. KEYS: stream, delayed.
    /// ARGV: group, id, ack timeout ms, delay ms.
    /// </summary>
    public const string Nack = Now + """
        local ok, p = pcall(redis.call, 'XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
        if not ok or #p == 0 then return 0 end
        local minIdle = tonumber(ARGV[3])
        local delay = tonumber(ARGV[4])
        local idle = 0
        if delay >= minIdle then
          redis.call('ZADD', KEYS[2], now + delay, ARGV[2])
        else
          idle = minIdle - delay
        end
        redis.call('XCLAIM', KEYS[1], ARGV[1], p[1][2], 0, ARGV[2], 'IDLE', idle, 'RETRYCOUNT', p[1][4], 'JUSTID')
        return 1
        """;

    /// <summary>
    /// Dead-letters a last delivery that timed out unacknowledged. KEYS: stream, dead-letter stream, finals, delayed.
    /// ARGV: group, id, final member, ack timeout ms, dead-letter max length.
    /// </summary>
    public const string DeadLetter = Now + """
        local ok, p = pcall(redis.call, 'XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
        if not ok or #p == 0 then
          redis.call('ZREM', KEYS[3], ARGV[3])
          return 0
        end
        local due = redis.call('ZSCORE', KEYS[4], ARGV[2])
        if p[1][3] < tonumber(ARGV[4]) or (due and tonumber(due) > now) then return 0 end
        local e = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
        if #e > 0 then redis.call('XADD', KEYS[2], 'MAXLEN', '=', ARGV[5], '*', unpack(e[1][2])) end
        redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
        redis.call('ZREM', KEYS[3], ARGV[3])
        redis.call('ZREM', KEYS[4], ARGV[2])
        return 1
        """;
}
