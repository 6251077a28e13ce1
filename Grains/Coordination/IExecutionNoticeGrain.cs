namespace Orleans.Dataflow.Grains.Coordination;

/// <summary>What a frontier tells each silo of a shared execution (<c>run -i/-a</c>), keyed <c>{execution id}|{silo}</c> and activated on that silo: that the execution has begun, or has ended, though no partition of it may run there.</summary>
/// <remarks>
/// A process of a cluster run learns that the execution began when a partition starts on its silo; one that gets no
/// partition (placed before its silo could take one), or whose partitions never started (the first attempt failed
/// first), would otherwise wait out its startup timeout and then blame process 0.
/// </remarks>
public interface IExecutionNoticeGrain : IGrainWithStringKey
{
    /// <summary>The execution's first attempt has started every partition: the process here waits for its end like one whose partition started.</summary>
    Task Begun();

    /// <summary>The execution has ended with <paramref name="end"/>: the process here ends with it, if it was still waiting for it to begin.</summary>
    Task Ended(ExecutionEnd end);
}
