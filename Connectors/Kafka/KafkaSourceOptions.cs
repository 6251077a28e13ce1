namespace Orleans.Dataflow.Kafka;

/// <summary>How a <see cref="KafkaSource{TKey,TValue}"/> connects, where it starts, how it batches and what it does with bad records.</summary>
/// <remarks>Only <see cref="BootstrapServers"/> and <see cref="Topics"/> are required; every other setting has a default suited to production.</remarks>
public sealed record KafkaSourceOptions
{
    /// <summary>The cluster's addresses (<c>host:port,host:port</c>), librdkafka's <c>bootstrap.servers</c>.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>The topics to read; every partition of each, as the cluster lists them when the flow starts, is one source partition.</summary>
    /// <remarks>Partitions added to a topic while the flow runs are read from the next start of the flow.</remarks>
    public required IReadOnlyList<string> Topics { get; init; }

    /// <summary>Where a partition starts without a snapshot to resume from; the default is <see cref="KafkaStartOffset.Earliest"/>.</summary>
    public KafkaStartOffset StartOffset { get; init; } = KafkaStartOffset.Earliest;

    /// <summary>The consumer group, needed by <see cref="KafkaStartOffset.Committed"/> and <see cref="CommitOffsets"/>; the default is <c>orleans-dataflow</c>.</summary>
    /// <remarks>The source never joins the group (partitions are assigned by the flow, not by the group's rebalancing): the group only names committed offsets.</remarks>
    public string? GroupId { get; init; }

    /// <summary>Whether to commit, for monitoring, the offset up to which each partition has been read; off by default.</summary>
    /// <remarks>
    /// Committed in the background after batches (librdkafka's auto-commit of stored offsets). These commits say how far
    /// the flow has read, not what its recovery store committed: a resumed flow starts from its snapshots, never from them.
    /// </remarks>
    public bool CommitOffsets { get; init; }

    /// <summary>Whether to keep waiting for new records at the end of a partition (the default) or end the partition there (<c>false</c>: tests, backfills).</summary>
    /// <remarks>Without tailing a partition ends at the end it finds when it gets there; the flow's input ends when every partition has.</remarks>
    public bool Tail { get; init; } = true;

    /// <summary>The most records one batch holds; 1000 by default.</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>The most time a batch takes to fill from the records the client has already fetched; 10 ms by default.</summary>
    /// <remarks>The source never waits on the network in a batch: it takes what the client's background fetches have brought, up to <see cref="BatchSize"/> or this long.</remarks>
    public TimeSpan BatchTime { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How long a partition that found nothing new waits before looking again; 10 ms by default.</summary>
    public TimeSpan IdleWait { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How long listing a topic's partitions or looking up a partition's start offset may take before the flow fails; 10 s by default.</summary>
    /// <remarks>A wrong address or an unreachable cluster fails the flow with a <see cref="KafkaConnectionException"/> after at most this long, rather than hanging.</remarks>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>What to do with a record that cannot be deserialized; <see cref="KafkaErrorPolicy.Fail"/> by default.</summary>
    public KafkaErrorPolicy ErrorPolicy { get; init; } = KafkaErrorPolicy.Fail;

    /// <summary>More librdkafka consumer settings (security, fetch sizes...); applied before the source's own, which they cannot override.</summary>
    /// <remarks>The source sets <c>bootstrap.servers</c>, <c>group.id</c>, <c>enable.auto.commit</c>, <c>enable.auto.offset.store</c> and <c>enable.partition.eof</c> itself.</remarks>
    public IReadOnlyDictionary<string, string>? Config { get; init; }

    /// <summary>Checks the settings; the source's constructor calls it.</summary>
    /// <exception cref="ArgumentException">A setting is missing or out of range; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            throw new ArgumentException("KafkaSourceOptions.BootstrapServers is empty: give the cluster's host:port addresses", nameof(BootstrapServers));
        }

        if (Topics is null || Topics.Count == 0 || Topics.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("KafkaSourceOptions.Topics must name at least one topic, and no empty one", nameof(Topics));
        }

        if (Topics.Distinct(StringComparer.Ordinal).Count() != Topics.Count)
        {
            throw new ArgumentException($"KafkaSourceOptions.Topics names a topic twice: {string.Join(", ", Topics)}", nameof(Topics));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchTime, TimeSpan.Zero, nameof(BatchTime));
        ArgumentOutOfRangeException.ThrowIfLessThan(IdleWait, TimeSpan.Zero, nameof(IdleWait));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero, nameof(ConnectTimeout));
        if (!Enum.IsDefined(StartOffset))
        {
            throw new ArgumentOutOfRangeException(nameof(StartOffset), StartOffset, "not a KafkaStartOffset");
        }

        if (!Enum.IsDefined(ErrorPolicy))
        {
            throw new ArgumentOutOfRangeException(nameof(ErrorPolicy), ErrorPolicy, "not a KafkaErrorPolicy");
        }
    }
}
