namespace Orleans.Dataflow.Plan;

/// <summary>The per-batch code of a stateless step: reads a batch and emits any number of items.</summary>
/// <remarks>
/// The batch is only valid during the call. Implementations that call user code per item should throw
/// <see cref="ItemFailedException"/> naming the item when that code throws, so the error names the record.
/// </remarks>
public delegate void BatchLogic<TIn, TOut>(ReadOnlySpan<TIn> batch, Emitter<TOut> output);
