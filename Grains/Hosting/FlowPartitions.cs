using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Grains.Hosting;

/// <summary>The partitions every partitioned source and sink of a flow lists here, in a form processes compare: a cluster deals them out by position, so all must list the same.</summary>
/// <remarks>
/// Each process assigns the sorted partition names to workers by index; if one process saw a file the others do not,
/// partitions would be read twice or never. Comparing at start turns that into an error naming the step.
/// </remarks>
internal sealed class FlowPartitions : IStepVisitor, IPartitionedSinkVisitor
{
    private readonly List<string> _steps = [];
    private string _stepId = "";

    /// <summary>One entry per partitioned step: <c>step id=count/hash</c> of its sorted distinct partition names.</summary>
    /// <exception cref="DataflowException">A source or sink failed to list its partitions; it names the step.</exception>
    public static IReadOnlyList<string> Of(Dataflow flow)
    {
        var partitions = new FlowPartitions();
        foreach (var step in flow.Steps)
        {
            partitions._stepId = step.Id;
            try
            {
                step.Accept(partitions);
            }
            catch (Exception e) when (e is not DataflowException)
            {
                throw new DataflowException(flow.Id, step.Id, -1, null, e, "listing its partitions to compare them with the other silos'");
            }
        }

        return partitions._steps;
    }

    public void VisitInput<T>(InputStep<T> step)
    {
        if (step.Source is IPartitionedSource<T> partitioned)
        {
            Add(step.Id, partitioned.ListParts());
        }
    }

    public void VisitOutput<T>(OutputStep<T> step)
    {
        if (step.Sink is IPartitionedSinkVisitable visitable)
        {
            visitable.Accept(this);
        }
    }

    public void Visit<TValue>(IPartitionedSink<TValue> sink) => Add(_stepId, sink.ListParts());

    public void VisitUnary<TIn, TOut>(UnaryStep<TIn, TOut> step)
    {
    }

    public void VisitBranch<T>(BranchStep<T> step)
    {
    }

    public void VisitMerge<T>(MergeStep<T> step)
    {
    }

    public void VisitRedistribute<T>(RedistributeStep<T> step)
    {
    }

    public void VisitStateful<TValue, TOut, TSlot, TState>(StatefulStep<TValue, TOut, TSlot, TState> step)
    {
    }

    private void Add(string stepId, IReadOnlyList<string> parts)
    {
        var sorted = parts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        _steps.Add($"{stepId}={sorted.Count}/{Serialization.StableHash.Of(string.Join('\n', sorted)):x16}");
    }
}
