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

    /// <summary>The last watermark the clock gave, in UTC ticks; the next must not be earlier.</summary>
    public long LastWatermark { get; set; } = long.MinValue;

    /// <summary>The window the last value went to, and its logic: consecutive values of a key mostly go to the same window.</summary>
    public long LastWindowId { get; set; } = long.MinValue;

    /// <summary>The logic of <see cref="LastWindowId"/>, or null when no value has gone to a live window yet.</summary>
    public WindowLogic<TValue, TOut, TState>? LastLogic { get; set; }

    /// <summary>Forgets the cached last window when <paramref name="windowId"/> leaves <see cref="Logics"/>.</summary>
    public void Forget(long windowId)
    {
        if (windowId == LastWindowId)
        {
            LastWindowId = long.MinValue;
            LastLogic = null;
        }
    }

    public bool IsEmpty => Logics.Count == 0 && Queue.Count == 0 && Windower.IsEmpty;
}
