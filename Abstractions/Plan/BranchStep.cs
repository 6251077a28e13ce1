namespace Orleans.Dataflow.Plan;

/// <summary>A stateless step that splits a stream in two by a predicate (output 0: true, output 1: false).</summary>
public sealed class BranchStep<T> : Step
{
    /// <summary>Creates the step; the predicate is called once per item.</summary>
    public BranchStep(string id, Stream<T> upstream, Func<T, bool> predicate)
        : base(id, [upstream])
    {
        Predicate = predicate;
        Operator = "branch";
    }

    /// <summary>Decides which output an item goes to.</summary>
    public Func<T, bool> Predicate { get; }

    /// <inheritdoc/>
    public override void Accept(IStepVisitor visitor) => visitor.VisitBranch(this);
}
