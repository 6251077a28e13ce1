namespace Orleans.Dataflow.Plan;

/// <summary>A step that spreads items evenly over all workers, to parallelise the steps after it.</summary>
public sealed class RedistributeStep<T> : Step
{
    /// <summary>Creates the step redistributing <paramref name="upstream"/>.</summary>
    public RedistributeStep(string id, Stream<T> upstream)
        : base(id, [upstream])
    {
        Operator = "redistribute";
    }

    /// <inheritdoc/>
    public override void Accept(IStepVisitor visitor) => visitor.VisitRedistribute(this);
}
