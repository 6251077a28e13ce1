namespace Orleans.Dataflow.Plan;

/// <summary>Implemented by partitioned sinks so that an engine can reach them with their value type.</summary>
public interface IPartitionedSinkVisitable
{
    /// <summary>Calls <see cref="IPartitionedSinkVisitor.Visit{TValue}"/> with this sink.</summary>
    void Accept(IPartitionedSinkVisitor visitor);
}
