namespace Orleans.Dataflow.Grains.Operators.Stateful;

/// <summary>The live logic of one key and its bookkeeping: its pending notification, its timer entry and the last epoch it changed in.</summary>
internal sealed class KeyState<TLogic>(TLogic logic)
{
    public TLogic Logic { get; } = logic;

    /// <summary>When the logic last asked to be notified, or null.</summary>
    public DateTimeOffset? NotifyAt { get; set; }

    /// <summary>The time of this key's entry in the timer queue, or null; may be earlier than <see cref="NotifyAt"/>, never later.</summary>
    public DateTimeOffset? QueuedAt { get; set; }

    public long ChangedInEpoch { get; set; } = -1;
}
