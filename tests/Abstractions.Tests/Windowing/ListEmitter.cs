namespace Orleans.Dataflow.Abstractions.Tests.Windowing;

/// <summary>An emitter that keeps what is emitted, so that a logic can be driven without a running flow.</summary>
internal sealed class ListEmitter<T> : Emitter<T>
{
    public List<T> Items { get; } = [];

    public override long Epoch => 1;

    public override void Emit(T item) => Items.Add(item);
}
