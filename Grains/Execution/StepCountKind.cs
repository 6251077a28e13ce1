namespace Orleans.Dataflow.Grains.Execution;

/// <summary>What a step's count in a partition's status counts.</summary>
[GenerateSerializer]
public enum StepCountKind : byte
{
    /// <summary>An input step: the items it has read from its source partitions.</summary>
    Read = 1,

    /// <summary>An output step: the items it has written to its sink.</summary>
    Written = 2,

    /// <summary>A stateful step: the keys holding live state.</summary>
    Keys = 3,

    /// <summary>A step under a tolerant error policy: the records it passed over.</summary>
    Skipped = 4,

    /// <summary>Any step: the records it received (an input: those it read; after an exchange: those that reached it through it).</summary>
    In = 5,

    /// <summary>Any step: the records it emitted on all its ports (an output: those it wrote).</summary>
    Out = 6,

    /// <summary>A stateful step: the snapshot bytes it wrote to the recovery store (none without one).</summary>
    SnapshotBytes = 7,
}
