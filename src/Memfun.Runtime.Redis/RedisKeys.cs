using System.Globalization;
using StackExchange.Redis;

namespace Memfun.Runtime.Redis;

/// <summary>
/// The names of the tier's keys. Every key carries the namespace as a hash tag (<c>{memfun}</c>), so the scripts
/// that touch several keys stay on one slot of a Redis Cluster.
/// </summary>
internal sealed class RedisKeys(string ns)
{
    private readonly string _base = "{" + ns + "}";

    public RedisKey StatePrefix => _base + ":s:";

    public RedisKey State(string key) => _base + ":s:" + key;

    public RedisKey StateIndex => _base + ":s-index";

    public RedisKey StateRevision => _base + ":s-rev";

    public RedisKey StateChanges => _base + ":s-changes";

    public RedisKey StateTtl => _base + ":s-ttl";

    public RedisChannel StateChanged => RedisChannel.Literal(_base + ":s-changed");

    public RedisKey Topics => _base + ":topics";

    public RedisKey Topic(string topic) => _base + ":t:" + topic;

    public RedisKey Finals => _base + ":finals";

    public RedisKey Delayed(string topic, string group) => _base + ":d:" + Pair(topic, group);

    /// <summary>A delivery's member in <see cref="Finals"/>: the topic and group length-prefixed, then the event id.</summary>
    public static string FinalMember(string topic, string group, string id) => Pair(topic, group) + id;

    public static (string Topic, string Group, string Id) ParseFinalMember(string member)
    {
        var (topic, rest) = Take(member);
        var (group, id) = Take(rest);
        return (topic, group, id);
    }

    private static string Pair(string topic, string group) =>
        string.Create(CultureInfo.InvariantCulture, $"{topic.Length}:{topic}{group.Length}:{group}");

    private static (string Value, string Remainder) Take(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var length = int.Parse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture);
        return (text.Substring(colon + 1, length), text[(colon + 1 + length)..]);
    }
}
