using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Plan;

/// <summary>The one stateful primitive: keyed logic over a keyed stream, with items routed to the worker owning their key.</summary>
public sealed class StatefulStep<TValue, TOut, TSlot, TState> : Step
{
    /// <summary>Creates the step; <paramref name="logicFactory"/> is called once per worker.</summary>
    public StatefulStep(string id, string operatorName, Stream<(string Key, TValue Value)> upstream,
        Func<StepContext, KeyedLogic<TValue, TOut, TSlot, TState>> logicFactory, ISerde<TState>? stateSerde = null)
        : base(id, [upstream])
    {
        LogicFactory = logicFactory;
        StateSerde = stateSerde ?? Serde.For<TState>();
        Operator = operatorName;
    }

    /// <summary>Makes the logic of one worker, which serves all the keys that worker owns.</summary>
    public Func<StepContext, KeyedLogic<TValue, TOut, TSlot, TState>> LogicFactory { get; }

    /// <summary>Turns snapshots into bytes for the recovery store and back.</summary>
    public ISerde<TState> StateSerde { get; }

    /// <inheritdoc/>
    public override void Accept(IStepVisitor visitor) => visitor.VisitStateful(this);
}
