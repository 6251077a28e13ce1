namespace Orleans.Dataflow.Plan;

/// <summary>A stateless step that combines several streams of one type into one.</summary>
public sealed class MergeStep<T> : Step
{
    /// <summary>Creates the step merging <paramref name="upstreams"/>.</summary>
    public MergeStep(string id, IReadOnlyList<Stream<T>> upstreams)
        : base(id, upstreams)
    {
        Operator = "merge";
    }

    /// <inheritdoc/>
    public override void Accept(IStepVisitor visitor) => visitor.VisitMerge(this);
}
