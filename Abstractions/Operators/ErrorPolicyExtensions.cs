using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow;

/// <summary>Sets what the step that produced a stream does with records its code throws on.</summary>
public static class ErrorPolicyExtensions
{
    /// <summary>Makes the step that produced <paramref name="stream"/> follow <paramref name="policy"/> for records its code throws on, instead of the flow's <see cref="Dataflow.ErrorPolicy"/>.</summary>
    /// <remarks>For an operator made of several steps (a window, a join) the policy covers all of them. See <see cref="ErrorPolicy"/> for what each policy does and where it applies.</remarks>
    /// <returns>The same stream, for chaining.</returns>
    /// <exception cref="InvalidOperationException">The stream comes from an input step, whose failures are its source's, not one record's.</exception>
    public static TStream OnError<TStream>(this TStream stream, ErrorPolicy policy)
        where TStream : DataflowStream
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(policy);
        if (stream.Producer is IInputStep)
        {
            throw new InvalidOperationException($"step '{stream.Producer.Id}' of flow '{stream.Flow.Id}' is an input: an error policy applies to steps that run code per record, not to sources");
        }

        // The policy is the whole operator's, when it is made of several steps.
        foreach (var step in OperatorSteps.Of(stream))
        {
            step.ErrorPolicy = policy;
        }

        return stream;
    }
}
