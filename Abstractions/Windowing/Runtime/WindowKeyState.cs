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

    /// <summary>The bounds, in UTC ticks, of <see cref="LastWindowId"/> when it is the only window its items fall in (tumbling); an empty range otherwise.</summary>
    /// <remarks>An on-time item in this range goes straight to <see cref="LastLogic"/>, without asking the windower.</remarks>
    public long SingleOpenTicks { get; set; } = long.MaxValue;

    /// <summary>The end of the <see cref="SingleOpenTicks"/> range, exclusive.</summary>
    public long SingleCloseTicks { get; set; } = long.MinValue;

    /// <summary>The windower's earliest close as last asked, in UTC ticks: below it no window can close, so closing is not asked for.</summary>
    public long NextCloseTicks { get; set; } = long.MinValue;

    /// <summary>Forgets the cached last window when <paramref name="windowId"/> leaves <see cref="Logics"/>.</summary>
    public void Forget(long windowId)
    {
        if (windowId == LastWindowId)
        {
            LastWindowId = long.MinValue;
            LastLogic = null;
            SingleOpenTicks = long.MaxValue;
            SingleCloseTicks = long.MinValue;
        }
    }

    /// <summary>Whether the key keeps nothing: no open window (a cached last window is always open), no queued item, an empty windower.</summary>
    public bool IsEmpty => LastLogic is null && Logics.Count == 0 && Queue.Count == 0 && Windower.IsEmpty;
}
