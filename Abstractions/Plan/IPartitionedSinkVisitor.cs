namespace Orleans.Dataflow.Plan;

/// <summary>Lets an engine learn the value type of a partitioned sink that it only knows as a sink of (key, value) pairs.</summary>
public interface IPartitionedSinkVisitor
{
    /// <summary>Called with the sink, its value type known.</summary>
    void Visit<TValue>(IPartitionedSink<TValue> sink);
}
