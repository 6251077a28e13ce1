using System.ComponentModel;
using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow;

/// <summary>The untyped view of a stream: which flow it belongs to and which step output produces it.</summary>
public abstract class DataflowStream
{
    private protected DataflowStream(Dataflow flow, Step producer, int port)
    {
        Flow = flow;
        Producer = producer;
        Port = port;
    }

    /// <summary>The flow this stream belongs to; a step may only consume streams of its own flow.</summary>
    public Dataflow Flow { get; }

    /// <summary>The step whose output this stream is.</summary>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    public Step Producer { get; }

    /// <summary>Which output of <see cref="Producer"/> this is (0 for single-output steps; branch has 0 = trues, 1 = falses).</summary>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    public int Port { get; }

    /// <summary>The type of the items on the stream.</summary>
    public abstract Type ItemType { get; }

    /// <inheritdoc/>
    public override string ToString() => $"Stream<{ItemType.Name}>({Flow.Id}.{Producer.Id}#{Port})";
}
