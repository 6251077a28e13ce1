namespace Orleans.Dataflow.Kafka;

/// <summary>What a <see cref="KafkaSink{TKey,TValue}"/> partition keeps in the flow's snapshots.</summary>
/// <remarks>
/// Always the count of messages Kafka acknowledged, across resumes. A transactional sink
/// (<see cref="KafkaSinkOptions.Transactional"/>) also keeps the messages of every closed epoch whose Kafka transaction
/// was not known committed at the snapshot, so a resumed flow can send again what its recovery store committed and
/// Kafka did not. Stored by <see cref="KafkaSinkStateSerde"/>.
/// </remarks>
public sealed class KafkaSinkState
{
    internal KafkaSinkState(long acknowledged, IReadOnlyList<KafkaSinkEpoch> unconfirmed)
    {
        Acknowledged = acknowledged;
        Unconfirmed = unconfirmed;
    }

    /// <summary>How many messages Kafka had acknowledged to this partition at the snapshot, across resumes.</summary>
    public long Acknowledged { get; }

    /// <summary>How many closed epochs of messages the snapshot holds because Kafka had not committed their transaction yet; 0 without transactions.</summary>
    public int UnconfirmedEpochs => Unconfirmed.Count;

    /// <summary>Those epochs' messages, oldest first.</summary>
    internal IReadOnlyList<KafkaSinkEpoch> Unconfirmed { get; }
}
