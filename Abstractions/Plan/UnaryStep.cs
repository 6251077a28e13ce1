namespace Orleans.Dataflow.Plan;

/// <summary>The one stateless primitive: a step with one input and one output whose logic runs per batch on each worker.</summary>
/// <remarks>The engine fuses chains of unary steps on a worker: items pass between them without a queue.</remarks>
public sealed class UnaryStep<TIn, TOut> : Step
{
    /// <summary>Creates the step; <paramref name="logicFactory"/> is called once per worker.</summary>
    public UnaryStep(string id, string operatorName, Stream<TIn> upstream, Func<StepContext, BatchLogic<TIn, TOut>> logicFactory)
        : base(id, [upstream])
    {
        LogicFactory = logicFactory;
        Operator = operatorName;
    }

    /// <summary>Makes the logic instance of one worker (per-worker state such as caches lives in its closure).</summary>
    public Func<StepContext, BatchLogic<TIn, TOut>> LogicFactory { get; }

    /// <inheritdoc/>
    public override void Accept(IStepVisitor visitor) => visitor.VisitUnary(this);
}
