namespace Orleans.Dataflow;

/// <summary>A record a step threw on and passed over under <see cref="ErrorPolicy.DeadLetter"/>, with where and why.</summary>
/// <param name="FlowId">The flow.</param>
/// <param name="StepId">The step whose code threw.</param>
/// <param name="Worker">The worker (partition) that ran it.</param>
/// <param name="Epoch">The epoch the record was in.</param>
/// <param name="Record">The record as the step got it (for a keyed step, the <c>(key, value)</c> pair).</param>
/// <param name="Error">What the step's code threw.</param>
public sealed record DeadLetter(string FlowId, string StepId, int Worker, long Epoch, object? Record, Exception Error)
{
    /// <inheritdoc/>
    public override string ToString() => $"{FlowId}.{StepId} (worker {Worker}, epoch {Epoch}) {Error.GetType().Name}: {Error.Message} — record {Record}";
}
