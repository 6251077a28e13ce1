using Orleans.Dataflow.Outputs;

namespace Orleans.Dataflow.Plan;

/// <summary>A step that writes a stream to a sink; made by the Output operator.</summary>
public sealed class OutputStep<T> : Step, IOutputStep
{
    /// <summary>Creates the step writing <paramref name="upstream"/> to <paramref name="sink"/>.</summary>
    public OutputStep(string id, Stream<T> upstream, Sink<T> sink)
        : base(id, [upstream])
    {
        Sink = sink;
        Operator = "output";
    }

    /// <summary>The sink to write to.</summary>
    public Sink<T> Sink { get; }

    /// <inheritdoc/>
    public override void Accept(IStepVisitor visitor) => visitor.VisitOutput(this);
}
