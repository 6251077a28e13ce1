using Orleans.Dataflow.Outputs;
using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow;

/// <summary>The output operator: writes a stream to a sink.</summary>
public static class OutputExtensions
{
    /// <summary>Writes every item of the stream to <paramref name="sink"/>; a flow needs at least one output.</summary>
    /// <remarks>
    /// A <see cref="DynamicSink{T}"/> is written by every worker with the items it holds. A
    /// <see cref="FixedPartitionedSink{TValue,TState}"/> needs a keyed stream: each pair goes to the worker owning
    /// the partition its key picks, and only the value is written. <b>At epoch close:</b> partitioned sinks snapshot.
    /// </remarks>
    public static void Output<T>(this Stream<T> up, string stepId, Sink<T> sink)
    {
        ArgumentNullException.ThrowIfNull(up);
        ArgumentNullException.ThrowIfNull(sink);
        up.Flow.Add(new OutputStep<T>(stepId, up, sink));
    }
}
