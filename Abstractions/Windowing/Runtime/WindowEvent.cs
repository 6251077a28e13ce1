namespace Orleans.Dataflow.Windowing;

/// <summary>Which of the three output streams of a windowing operator a <see cref="WindowEvent{TValue,TOut}"/> goes to.</summary>
internal enum WindowEventKind : byte
{
    Emit,
    Late,
    Meta,
}

/// <summary>One output of the window logic before it is split into the down, late and meta streams; only the field of its kind is set.</summary>
internal readonly struct WindowEvent<TValue, TOut>
{
    private WindowEvent(WindowEventKind kind, long windowId, TOut emitted, TValue late, WindowMetadata? meta)
    {
        Kind = kind;
        WindowId = windowId;
        Emitted = emitted;
        Late = late;
        Meta = meta;
    }

    public WindowEventKind Kind { get; }

    public long WindowId { get; }

    public TOut Emitted { get; }

    public TValue Late { get; }

    public WindowMetadata? Meta { get; }

    public static WindowEvent<TValue, TOut> OfEmit(long windowId, TOut value) => new(WindowEventKind.Emit, windowId, value, default!, null);

    public static WindowEvent<TValue, TOut> OfLate(long windowId, TValue value) => new(WindowEventKind.Late, windowId, default!, value, null);

    public static WindowEvent<TValue, TOut> OfMeta(long windowId, WindowMetadata meta) => new(WindowEventKind.Meta, windowId, default!, default!, meta);

    public override string ToString() => Kind switch
    {
        WindowEventKind.Emit => $"window {WindowId}: {Emitted}",
        WindowEventKind.Late => $"late for window {WindowId}: {Late}",
        _ => $"window {WindowId} closed: {Meta}",
    };
}
