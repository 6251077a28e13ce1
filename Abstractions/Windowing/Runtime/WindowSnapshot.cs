namespace Orleans.Dataflow.Windowing;

/// <summary>The snapshot of one key of a windowing operator: clock and windower bytes, each open window's state, and queued items.</summary>
/// <param name="Clock">The clock's snapshot bytes.</param>
/// <param name="Windower">The windower's snapshot bytes.</param>
/// <param name="Windows">The state of each open window, by id.</param>
/// <param name="Queue">Items waiting for the watermark, in arrival order.</param>
internal sealed record WindowSnapshot<TValue, TState>(
    byte[] Clock,
    byte[] Windower,
    IReadOnlyList<(long WindowId, TState State)> Windows,
    IReadOnlyList<(TValue Value, DateTimeOffset Timestamp)> Queue);
