namespace Orleans.Dataflow.Outputs;

/// <summary>Where a flow's items go: a <see cref="FixedPartitionedSink{TValue,TState}"/> or a <see cref="DynamicSink{T}"/>.</summary>
public abstract class Sink<T>
{
    private protected Sink()
    {
    }
}
