using System.Globalization;
using System.Runtime.CompilerServices;
using Memfun.Runtime.Events;
using Memfun.Runtime.Internal;

namespace Memfun.Runtime.InProcess;

/// <summary>T0 event bus: topics and consumer groups in memory, with the same delivery semantics as the durable tiers.</summary>
internal sealed class InProcessEventBus(TimeProvider timeProvider) : IEventBus
{
    private static readonly TimeSpan IdleWait = TimeSpan.FromMilliseconds(100);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Topic> _topics = new(StringComparer.Ordinal);
    private long _sequence;

    // Leases on their last allowed delivery: the dead-letter sweep only runs while there are any.
    private int _finalLeases;
    private readonly ChangeSignal _changed = new();

    public ValueTask CreateTopicAsync(string topic, TopicOptions? options = null, CancellationToken cancellationToken = default)
    {
        EventBusGuard.Topic(topic);
        lock (_gate)
        {
            GetOrCreate(topic).Options = options ?? TopicOptions.Default;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteTopicAsync(string topic, CancellationToken cancellationToken = default)
    {
        EventBusGuard.Topic(topic);
        lock (_gate)
        {
            if (_topics.Remove(topic, out var removed))
            {
                _finalLeases -= removed.Groups.Values.Sum(g => g.Pending.Values.Count(l => l.IsFinal));
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<TopicInfo?> GetTopicAsync(string topic, CancellationToken cancellationToken = default)
    {
        EventBusGuard.Topic(topic);
        lock (_gate)
        {
            return ValueTask.FromResult(_topics.TryGetValue(topic, out var t) ? new TopicInfo(topic, t.Options, t.Count) : null);
        }
    }

    public ValueTask<string> PublishAsync(string topic, ReadOnlyMemory<byte> payload, string? key = null, CancellationToken cancellationToken = default)
    {
        EventBusGuard.Topic(topic);
        string id;
        lock (_gate)
        {
            var t = GetOrCreate(topic);
            EventBusGuard.Payload(topic, payload, t.Options);
            id = Append(t, payload.ToArray(), key);
        }

        _changed.Notify();
        return ValueTask.FromResult(id);
    }

    public async IAsyncEnumerable<EventMessage> SubscribeAsync(string topic, string group, string consumer, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        EventBusGuard.Subscription(topic, group, consumer);
        while (!cancellationToken.IsCancellationRequested)
        {
            Task changed;
            EventMessage? message;
            TimeSpan wait;
            lock (_gate)
            {
                changed = _changed.Observe();
                (message, wait) = Claim(topic, group, consumer);
            }

            if (message is not null)
            {
                yield return message;
                continue;
            }

            // The wait is also capped by the next lease expiry, which is when a redelivery becomes due.
            if (!await ChangeSignal.WaitAsync(changed, wait, timeProvider, cancellationToken).ConfigureAwait(false))
            {
                yield break;
            }
        }
    }

    public ValueTask AckAsync(EventMessage message, CancellationToken cancellationToken = default)
    {
        var sequence = EventBusGuard.ParseTag(message);
        lock (_gate)
        {
            if (_topics.TryGetValue(message.Topic, out var t) && t.Groups.TryGetValue(message.Group, out var g))
            {
                Release(g, sequence);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask NackAsync(EventMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        var sequence = EventBusGuard.ParseTag(message);
        lock (_gate)
        {
            if (_topics.TryGetValue(message.Topic, out var t) && t.Groups.TryGetValue(message.Group, out var g) && g.Pending.TryGetValue(sequence, out var lease))
            {
                lease.VisibleAt = timeProvider.GetUtcNow() + (delay ?? TimeSpan.Zero);
            }
        }

        _changed.Notify();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private (EventMessage? Message, TimeSpan Wait) Claim(string topicName, string groupName, string consumer)
    {
        DeadLetterExhausted();
        var topic = GetOrCreate(topicName);
        Trim(topic);
        if (!topic.Groups.TryGetValue(groupName, out var group))
        {
            group = new Group { NextSequence = topic.Oldest?.Sequence ?? _sequence + 1 };
            topic.Groups.Add(groupName, group);
        }

        var now = timeProvider.GetUtcNow();
        var wait = IdleWait;
        foreach (var (sequence, lease) in group.Pending.ToList())
        {
            if (lease.VisibleAt > now)
            {
                wait = Min(wait, lease.VisibleAt - now);
                continue;
            }

            var stored = topic.Find(sequence);
            if (stored is null)
            {
                Release(group, sequence);
            }
            else
            {
                lease.Deliveries++;
                lease.VisibleAt = now + topic.Options.AckTimeout;
                MarkFinal(lease, topic.Options);
                return (ToMessage(topicName, groupName, stored, lease.Deliveries), wait);
            }
        }

        var next = topic.FirstAtOrAfter(group.NextSequence);
        if (next is null)
        {
            return (null, wait);
        }

        group.NextSequence = next.Sequence + 1;
        var fresh = new Lease { Deliveries = 1, VisibleAt = now + topic.Options.AckTimeout };
        MarkFinal(fresh, topic.Options);
        group.Pending[next.Sequence] = fresh;
        return (ToMessage(topicName, groupName, next, 1), wait);
    }

    /// <summary>Moves events whose last allowed delivery expired unacknowledged to their dead-letter topics, whoever polls.</summary>
    private void DeadLetterExhausted()
    {
        if (_finalLeases == 0)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        foreach (var (name, topic) in _topics.ToList())
        {
            foreach (var group in topic.Groups.Values)
            {
                foreach (var (sequence, lease) in group.Pending.Where(p => p.Value.VisibleAt <= now && p.Value.IsFinal).ToList())
                {
                    Release(group, sequence);
                    if (topic.Find(sequence) is { } stored)
                    {
                        Append(GetOrCreate(TopicOptions.DeadLetterTopic(name)), stored.Payload, stored.Key);
                    }
                }
            }
        }
    }

    private void MarkFinal(Lease lease, TopicOptions options)
    {
        if (!lease.IsFinal && lease.Deliveries >= options.MaxDeliveries)
        {
            lease.IsFinal = true;
            _finalLeases++;
        }
    }

    private void Release(Group group, long sequence)
    {
        if (group.Pending.Remove(sequence, out var lease) && lease.IsFinal)
        {
            _finalLeases--;
        }
    }

    private string Append(Topic topic, byte[] payload, string? key)
    {
        var stored = new StoredEvent(++_sequence, payload, key, timeProvider.GetUtcNow());
        topic.Add(stored);
        Trim(topic);
        return stored.Sequence.ToString(CultureInfo.InvariantCulture);
    }

    private void Trim(Topic topic)
    {
        var oldest = timeProvider.GetUtcNow() - topic.Options.MaxAge;
        while (topic.Oldest is { } first && (topic.Count > topic.Options.MaxEvents || first.PublishedAt < oldest))
        {
            topic.RemoveOldest();
        }
    }

    private Topic GetOrCreate(string name)
    {
        if (!_topics.TryGetValue(name, out var topic))
        {
            topic = new Topic();
            _topics.Add(name, topic);
        }

        return topic;
    }

    private static EventMessage ToMessage(string topic, string group, StoredEvent stored, int deliveries)
    {
        var id = stored.Sequence.ToString(CultureInfo.InvariantCulture);
        return new EventMessage(id, topic, stored.Payload, stored.Key, stored.PublishedAt, group, deliveries, id);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed record StoredEvent(long Sequence, byte[] Payload, string? Key, DateTimeOffset PublishedAt);

    private sealed class Lease
    {
        public int Deliveries { get; set; }

        public DateTimeOffset VisibleAt { get; set; }

        public bool IsFinal { get; set; }
    }

    private sealed class Group
    {
        public long NextSequence { get; set; }

        public SortedDictionary<long, Lease> Pending { get; } = [];
    }

    private sealed class Topic
    {
        private readonly List<StoredEvent> _events = [];
        private int _head;

        public TopicOptions Options { get; set; } = TopicOptions.Default;

        public Dictionary<string, Group> Groups { get; } = new(StringComparer.Ordinal);

        public int Count => _events.Count - _head;

        public StoredEvent? Oldest => Count > 0 ? _events[_head] : null;

        public void Add(StoredEvent stored) => _events.Add(stored);

        public void RemoveOldest()
        {
            _head++;
            if (_head > 1024 && _head > _events.Count / 2)
            {
                _events.RemoveRange(0, _head);
                _head = 0;
            }
        }

        public StoredEvent? Find(long sequence) => FirstAtOrAfter(sequence) is { } e && e.Sequence == sequence ? e : null;

        public StoredEvent? FirstAtOrAfter(long sequence)
        {
            int low = _head, high = _events.Count;
            while (low < high)
            {
                var middle = low + ((high - low) / 2);
                if (_events[middle].Sequence < sequence)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low < _events.Count ? _events[low] : null;
        }
    }
}
