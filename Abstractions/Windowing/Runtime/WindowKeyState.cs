namespace Orleans.Dataflow.Windowing;

/// <summary>What a windowing operator keeps per key: its clock, its windower, the logic of each open window, and items waiting for the watermark.</summary>
internal sealed class WindowKeyState<TValue, TOut, TState>(ClockRuntime<TValue> clock, WindowerRuntime windower)
{
    public ClockRuntime<TValue> Clock { get; } = clock;

    public WindowerRuntime Windower { get; } = windower;

    public Dictionary<long, WindowLogic<TValue, TOut, TState>> Logics { get; } = [];

    /// <summary>On-time items not yet applied because the watermark has not reached them (ordered operators only), in arrival order.</summary>
    public List<(TValue Value, DateTimeOffset Timestamp)> Queue { get; } = [];

    /// <summary>The earliest timestamp in <see cref="Queue"/>; meaningless when the queue is empty.</summary>
    public DateTimeOffset EarliestQueued { get; set; } = DateTimeOffset.MaxValue;

    public DateTimeOffset LastWatermark { get; set; } = DateTimeOffset.MinValue;

    public bool IsEmpty => Logics.Count == 0 && Queue.Count == 0 && Windower.IsEmpty;
}
