namespace Orleans.Dataflow;

/// <summary>Thrown when a flow is built wrongly (bad or duplicate step id, missing input or output, a foreign stream), before anything runs.</summary>
public sealed class InvalidDataflowException : Exception
{
    /// <summary>Creates the exception for <paramref name="stepId"/> of <paramref name="flowId"/>.</summary>
    public InvalidDataflowException(string flowId, string? stepId, string message)
        : base(message)
    {
        FlowId = flowId;
        StepId = stepId;
    }

    /// <summary>The flow that was rejected.</summary>
    public string FlowId { get; }

    /// <summary>The step the problem is about, or null when it concerns the whole flow.</summary>
    public string? StepId { get; }
}
