namespace Orleans.Dataflow.Grains.Operators.Stateful;

/// <summary>The live logic of one key and its bookkeeping: its pending notification and the last epoch it changed in.</summary>
internal sealed class KeyState<TLogic>(TLogic logic)
{
    public TLogic Logic { get; } = logic;

    public DateTimeOffset? NotifyAt { get; set; }

    public long ChangedInEpoch { get; set; } = -1;
}
