namespace Orleans.Dataflow.Windowing;

/// <summary>One key's clock, kept inline in the key's window state so that an item reads its key's clock without following a reference.</summary>
/// <remarks>
/// The event clock uses the three times (UTC ticks) and <see cref="SeenItem"/>; a custom clock keeps its
/// <see cref="ClockLogic{TValue,TState}"/> in <see cref="Custom"/>; the system clock keeps nothing. Which fields mean
/// what belongs to the operator's <see cref="ClockRuntime{TValue}"/>.
/// </remarks>
internal struct KeyClockState
{
    /// <summary>The latest system time the clock has seen; it never goes back.</summary>
    public long SystemNow;

    /// <summary>The system time at which the watermark base was last raised.</summary>
    public long SystemTimeOfMax;

    /// <summary>The largest timestamp seen minus the wait: the watermark at <see cref="SystemTimeOfMax"/>.</summary>
    public long WatermarkBase;

    /// <summary>Whether the clock has seen an item (or was resumed from a snapshot).</summary>
    public bool SeenItem;

    /// <summary>A custom clock's logic for this key, or null for the built-in clocks.</summary>
    public object? Custom;
}
