using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Plan;

/// <summary>The one stateful primitive: per-key logic over a keyed stream, with items routed to the worker owning the key.</summary>
public sealed class StatefulStep<TValue, TOut, TState> : Step
{
    /// <summary>Creates the step; <paramref name="builder"/> makes the logic of a key from its resume state (default for a new key).</summary>
    public StatefulStep(string id, string operatorName, Stream<(string Key, TValue Value)> upstream,
        Func<TState?, StatefulLogic<TValue, TOut, TState>> builder, ISerde<TState>? stateSerde = null)
        : base(id, [upstream])
    {
        Builder = builder;
        StateSerde = stateSerde ?? Serde.For<TState>();
        Operator = operatorName;
    }

    /// <summary>Makes the logic for a key: called with the key's snapshot on resume, with default for a new key.</summary>
    public Func<TState?, StatefulLogic<TValue, TOut, TState>> Builder { get; }

    /// <summary>Turns snapshots into bytes for the recovery store and back.</summary>
    public ISerde<TState> StateSerde { get; }

    /// <inheritdoc/>
    public override void Accept(IStepVisitor visitor) => visitor.VisitStateful(this);
}
