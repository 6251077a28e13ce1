using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow;

/// <summary>A typed stream of items flowing out of a step; call operators on it to add steps.</summary>
/// <remarks>A stream can feed any number of steps; each gets every item.</remarks>
public class Stream<T> : DataflowStream
{
    /// <summary>Creates the stream produced by output <paramref name="port"/> of <paramref name="producer"/>; operators call this.</summary>
    public Stream(Dataflow flow, Step producer, int port)
        : base(flow, producer, port)
    {
    }

    /// <inheritdoc/>
    public override Type ItemType => typeof(T);
}
