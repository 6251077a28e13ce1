using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.Grains.Hosting;

/// <summary>One execution as this silo knows it: the flow, its options, and the first failure raised here.</summary>
public sealed class ExecutionEntry
{
    private Exception? _localFailure;

    internal ExecutionEntry(string executionId, Dataflow flow, ExecutionOptions options)
    {
        ExecutionId = executionId;
        Flow = flow;
        Options = options;
    }

    /// <summary>The execution's id: its frontier grain's key.</summary>
    public string ExecutionId { get; }

    /// <summary>The flow the execution runs.</summary>
    public Dataflow Flow { get; }

    /// <summary>The execution's options; <see cref="ExecutionOptions.Recovery"/> is the store this silo's partitions write to.</summary>
    public ExecutionOptions Options { get; }

    /// <summary>The first exception a partition on this silo failed with, as thrown (with its original inner exception); null if none.</summary>
    public Exception? LocalFailure => Volatile.Read(ref _localFailure);

    /// <summary>Keeps <paramref name="error"/> unless a failure was kept already.</summary>
    internal void RecordFailure(Exception error) => Interlocked.CompareExchange(ref _localFailure, error, null);
}
