namespace Orleans.Dataflow.Grains.Operators.Stateful;

/// <summary>The emitter handed to a key's logic: pairs every emitted value with the key being processed.</summary>
internal sealed class KeyedEmitter<TOut>(StepOutputs<TOut> output) : Emitter<TOut>
{
    public string Key { get; set; } = string.Empty;

    public override long Epoch => output.CurrentEpoch;

    public override void Emit(TOut item) => output.Emit((Key, item));
}
