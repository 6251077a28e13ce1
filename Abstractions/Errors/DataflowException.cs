namespace Orleans.Dataflow;

/// <summary>The one error a run ends with when user code throws: names the flow, the step, the worker and the item.</summary>
/// <remarks>The user's original exception is <see cref="Exception.InnerException"/>. Every worker has stopped when this is thrown.</remarks>
public sealed class DataflowException : Exception
{
    /// <summary>Creates the error for a failure of <paramref name="stepId"/> on <paramref name="workerIndex"/>.</summary>
    /// <param name="flowId">The flow that failed.</param>
    /// <param name="stepId">The step whose code threw.</param>
    /// <param name="workerIndex">The worker that ran it.</param>
    /// <param name="item">A short rendering of the record being processed, or null.</param>
    /// <param name="cause">The exception the user's code threw.</param>
    /// <param name="during">What the step was doing when it was not processing one record (e.g. "reading partition 'p'"), or null.</param>
    public DataflowException(string flowId, string stepId, int workerIndex, string? item, Exception cause, string? during = null)
        : base(Describe(flowId, stepId, workerIndex, item, during, cause), cause)
    {
        FlowId = flowId;
        StepId = stepId;
        WorkerIndex = workerIndex;
        Item = item;
        During = during;
    }

    /// <summary>The flow that failed.</summary>
    public string FlowId { get; }

    /// <summary>The id of the step whose code threw.</summary>
    public string StepId { get; }

    /// <summary>The index of the worker that ran the step.</summary>
    public int WorkerIndex { get; }

    /// <summary>A short rendering of the item being processed, or null when the failure was not about one item.</summary>
    public string? Item { get; }

    /// <summary>What the step was doing, when the failure was not about one item (opening, snapshotting, a notification), or null.</summary>
    public string? During { get; }

    private static string Describe(string flowId, string stepId, int workerIndex, string? item, string? during, Exception cause)
    {
        var on = item is null ? string.Empty : $" on item {item}";
        var doing = during is null ? string.Empty : $" while {during}";
        return $"step '{flowId}.{stepId}' failed on worker {workerIndex}{on}{doing}: {cause.GetType().Name}: {cause.Message}";
    }
}
