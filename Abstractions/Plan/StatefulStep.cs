using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Plan;

/// <summary>The one stateful primitive: keyed logic over a keyed stream, with items routed to the worker owning their key.</summary>
public sealed class StatefulStep<TValue, TOut, TSlot, TState> : Step, IStatefulStep
{
    /// <summary>Creates the step; <paramref name="logicFactory"/> is called once per worker.</summary>
    public StatefulStep(string id, string operatorName, Stream<(string Key, TValue Value)> upstream,
        Func<StepContext, KeyedLogic<TValue, TOut, TSlot, TState>> logicFactory, ISerde<TState>? stateSerde = null)
        : base(id, [upstream])
    {
        LogicFactory = logicFactory;
        StateSerde = stateSerde ?? Serde.For<TState>();
        Operator = operatorName;
    }

    /// <summary>Makes the logic of one worker, which serves all the keys that worker owns.</summary>
    public Func<StepContext, KeyedLogic<TValue, TOut, TSlot, TState>> LogicFactory { get; }

    /// <summary>Turns snapshots into bytes for the recovery store and back.</summary>
    public ISerde<TState> StateSerde { get; }

    /// <summary>When set, the values of one key within an epoch may be merged with it on the sending worker before they are exchanged (local-global aggregation); the logic then sees the merged values.</summary>
    /// <remarks>Only for logic to which one merged value is the same as the values it merges (a sum of counts); never user code, which could tell the difference.</remarks>
    public Func<TValue, TValue, TValue>? PreCombine { get; init; }

    /// <summary>When set, the step runs under a stream watermark, and this reads an item's event time; null (the default) for none.</summary>
    /// <remarks>
    /// Each worker sending to the step tracks the largest event time over the items it sends and carries it, less
    /// <see cref="StreamWatermarkWait"/>, with its epochs' progress; the step's watermark for an epoch is the smallest
    /// over the senders of what they had sent before it, given to the logic by
    /// <see cref="KeyedLogic{TValue,TOut,TSlot,TState}.OnStreamWatermark"/>, and its keys' notifications fire on it
    /// instead of on system time. A sender whose input ended no longer holds it back. A step with one is not
    /// pre-combined (<see cref="PreCombine"/> is then ignored).
    /// </remarks>
    public Func<TValue, DateTimeOffset>? StreamTimestampOf { get; init; }

    /// <summary>How far the stream watermark stays behind the largest event time sent (the allowed disorder); zero unless set, never negative.</summary>
    /// <remarks>The wait is taken off once per progress message rather than per item: the largest of the differences is the difference from the largest.</remarks>
    public TimeSpan StreamWatermarkWait
    {
        get;
        init => field = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"step '{Id}': a stream watermark's wait must not be negative");
    }

    /// <summary>How many outputs the step has: 1 (the default), or more, with <see cref="OutputOf"/> naming the one each emitted item goes to.</summary>
    /// <remarks>A stream reads output <c>n</c> as port <c>n</c> of the step.</remarks>
    public int OutputCount
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"step '{Id}' must have at least one output");
    } = 1;

    /// <summary>Which output, from 0 to <see cref="OutputCount"/> - 1, an item the logic emits goes to; null (the default) sends every item to output 0.</summary>
    /// <remarks>The split happens inside the step as the logic emits, so a step reading one output sees only that output's items.</remarks>
    public Func<TOut, int>? OutputOf { get; init; }

    /// <summary>How long a key's state lives without an item before it is discarded; null (the default) keeps it for good.</summary>
    /// <remarks>Set with <see cref="StateLifetimeExtensions.WithStateTimeToLive{T}"/>.</remarks>
    public TimeSpan? StateTimeToLive { get; private set; }

    /// <inheritdoc/>
    TimeSpan? IStatefulStep.StateTimeToLive
    {
        get => StateTimeToLive;
        set => StateTimeToLive = value;
    }

    /// <summary>Whether <see cref="KeyedLogic{TValue,TOut,TSlot,TState}.OnEof"/> visits the keys in ordinal key order (true, the default); false visits them in the order of the worker's key table, without sorting.</summary>
    /// <remarks>Cleared with <see cref="EofOrderExtensions.UnsortedAtEof{TStream}"/>.</remarks>
    public bool SortsKeysAtEof { get; private set; } = true;

    /// <inheritdoc/>
    bool IStatefulStep.SortsKeysAtEof
    {
        get => SortsKeysAtEof;
        set => SortsKeysAtEof = value;
    }

    /// <inheritdoc/>
    public override void Accept(IStepVisitor visitor) => visitor.VisitStateful(this);
}
