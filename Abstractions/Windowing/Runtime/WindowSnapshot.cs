namespace Orleans.Dataflow.Windowing;

/// <summary>The snapshot of one key of a windowing operator: clock and windower bytes, each open window's state, and queued items.</summary>
/// <param name="Clock">The clock's snapshot bytes.</param>
/// <param name="Windower">The windower's snapshot bytes.</param>
/// <param name="Windows">The state of each open window, by id.</param>
/// <param name="Queue">Items waiting for the watermark, in arrival order.</param>
/// <remarks>
/// A struct, not a class: the window step's <c>StatefulOperator</c> is generic over its snapshot type, and a reference
/// type there makes the runtime share one compiled body over all of them, which looks its generic context up for
/// every item. As a struct, a window step whose values are structs gets code of its own (the W3 window step's CPU
/// per event went from 28.9 to 26.0 ns).
/// </remarks>
internal readonly record struct WindowSnapshot<TValue, TState>(
    byte[] Clock,
    byte[] Windower,
    IReadOnlyList<(long WindowId, TState State)> Windows,
    IReadOnlyList<(TValue Value, DateTimeOffset Timestamp)> Queue);
