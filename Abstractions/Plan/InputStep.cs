using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Plan;

/// <summary>A step that reads a source; made by <see cref="Dataflow.Input{T}"/>.</summary>
public sealed class InputStep<T> : Step, IInputStep
{
    /// <summary>Creates the step reading <paramref name="source"/>.</summary>
    public InputStep(string id, Source<T> source)
        : base(id, [])
    {
        Source = source;
        Operator = "input";
    }

    /// <summary>The source to read.</summary>
    public Source<T> Source { get; }

    /// <inheritdoc/>
    public override void Accept(IStepVisitor visitor) => visitor.VisitInput(this);
}
