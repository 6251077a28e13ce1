namespace Orleans.Dataflow.Grains.Operators.Stateful;

/// <summary>The error of a record that reaches a stateful step with a null key: state is kept per key, so the record has nowhere to go.</summary>
/// <remarks>
/// <c>KeyOn</c> refuses a null key itself; a step that makes its own (key, value) pairs does not, and the stateful step
/// is the first to need the key: on one worker in its key table, on several where the record is routed to its key's
/// worker. Both name the stateful step and the record.
/// </remarks>
internal static class NullKey
{
    /// <summary>The run's error for <paramref name="item"/>, whose key is null, reaching the step of <paramref name="context"/>; <paramref name="during"/> says what the engine was doing, or null.</summary>
    public static DataflowException Failure(OperatorContext context, object? item, string? during = null)
        => new(context.FlowId, context.StepId, context.WorkerIndex, Operator.Render(item),
            new InvalidOperationException("the record has a null key, and a stateful step keeps its state per key: KeyOn refuses a null key, and a step that makes its own (key, value) pairs must give each one a key"),
            during);
}
