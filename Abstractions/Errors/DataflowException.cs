namespace Orleans.Dataflow;

/// <summary>The one error a run ends with when user code throws: names the flow, the step, the worker and the item.</summary>
/// <remarks>The user's original exception is <see cref="Exception.InnerException"/>. Every worker has stopped when this is thrown.</remarks>
public sealed class DataflowException : Exception
{
    /// <summary>Creates the error for a failure of <paramref name="stepId"/> on <paramref name="workerIndex"/>.</summary>
    public DataflowException(string flowId, string stepId, int workerIndex, string? item, Exception cause)
        : base(Describe(flowId, stepId, workerIndex, item, cause), cause)
    {
        FlowId = flowId;
        StepId = stepId;
        WorkerIndex = workerIndex;
        Item = item;
    }

    /// <summary>The flow that failed.</summary>
    public string FlowId { get; }

    /// <summary>The id of the step whose code threw.</summary>
    public string StepId { get; }

    /// <summary>The index of the worker that ran the step.</summary>
    public int WorkerIndex { get; }

    /// <summary>A short rendering of the item being processed, or null when the failure was not about one item.</summary>
    public string? Item { get; }

    private static string Describe(string flowId, string stepId, int workerIndex, string? item, Exception cause)
    {
        var on = item is null ? string.Empty : $" on item {item}";
        return $"step '{flowId}.{stepId}' failed on worker {workerIndex}{on}: {cause.GetType().Name}: {cause.Message}";
    }
}
