namespace Orleans.Dataflow.Inputs;

/// <summary>Where a flow's items come from: a <see cref="FixedPartitionedSource{T,TState}"/> or a <see cref="DynamicSource{T}"/>.</summary>
public abstract class Source<T>
{
    private protected Source()
    {
    }
}
