namespace Orleans.Dataflow.Kafka;

/// <summary>Where a <see cref="KafkaSource{TKey,TValue}"/> partition starts reading when no snapshot says where to resume.</summary>
/// <remarks>A partition with a snapshot in the recovery store always resumes just after the last record it emitted in a committed epoch.</remarks>
public enum KafkaStartOffset
{
    /// <summary>The oldest record the partition still holds (its low watermark).</summary>
    Earliest,

    /// <summary>The partition's end when the partition is opened (its high watermark): only records produced later are read.</summary>
    Latest,

    /// <summary>The offset committed for <see cref="KafkaSourceOptions.GroupId"/>, or the oldest record when the group has committed none.</summary>
    Committed,
}
