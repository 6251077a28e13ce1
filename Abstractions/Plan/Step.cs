namespace Orleans.Dataflow.Plan;

/// <summary>One node of a flow's logical plan: an id, the streams it consumes, and what the engine must build for it.</summary>
/// <remarks>Operators create steps; engines read them through <see cref="Accept"/>. Steps are immutable once added.</remarks>
public abstract class Step
{
    /// <summary>Creates a step with <paramref name="id"/> consuming <paramref name="inputs"/>.</summary>
    protected Step(string id, IReadOnlyList<DataflowStream> inputs)
    {
        Id = id;
        Inputs = inputs;
    }

    /// <summary>The step id, unique within its flow.</summary>
    public string Id { get; }

    /// <summary>The streams this step consumes, in port order.</summary>
    public IReadOnlyList<DataflowStream> Inputs { get; }

    /// <summary>The Bytewax name of the operator that made this step (e.g. "map", "stateful_map"), for diagnostics.</summary>
    public string Operator { get; init; } = string.Empty;

    /// <summary>What happens to a record this step's code throws on; null follows the flow's <see cref="Dataflow.ErrorPolicy"/>.</summary>
    /// <remarks>Set with <see cref="ErrorPolicyExtensions.OnError{TStream}"/>.</remarks>
    public ErrorPolicy? ErrorPolicy { get; internal set; }

    /// <summary>Calls the visitor method for this step's kind with its type arguments.</summary>
    public abstract void Accept(IStepVisitor visitor);

    /// <inheritdoc/>
    public override string ToString() => $"{Operator} '{Id}'";
}
