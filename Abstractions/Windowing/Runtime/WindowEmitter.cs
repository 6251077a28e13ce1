namespace Orleans.Dataflow.Windowing;

/// <summary>The emitter a window logic writes to: tags each value with the window's id and passes it to the key's output.</summary>
internal sealed class WindowEmitter<TValue, TOut> : Emitter<TOut>
{
    public Emitter<WindowEvent<TValue, TOut>> Target { get; set; } = null!;

    public long WindowId { get; set; }

    public override long Epoch => Target.Epoch;

    public override void Emit(TOut item) => Target.Emit(WindowEvent<TValue, TOut>.OfEmit(WindowId, item));
}
