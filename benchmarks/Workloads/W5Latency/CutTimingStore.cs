using System.Diagnostics;
using Orleans.Dataflow.Benchmarks.Harness;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Benchmarks.Workloads.W5Latency;

/// <summary>A recovery store in front of another that times each epoch from its cut to its commit: the epoch round trip.</summary>
/// <remarks>
/// The cut is when the source's partitions were snapshotted for the epoch (<see cref="OpenLoopPartition.Snapshot"/>
/// returns the time); the commit is when the engine committed it here, after every snapshot of it was written. The
/// committer commits the newest closed epoch, so one commit may end the round trips of several epochs. Thread-safe.
/// </remarks>
/// <param name="inner">The store that keeps the snapshots.</param>
/// <param name="sourceStepId">The id of the open-loop source's step.</param>
public sealed class CutTimingStore(IRecoveryStore inner, string sourceStepId) : IRecoveryStore
{
    private readonly object _gate = new();
    private readonly ISerde<long> _serde = Serde.For<long>();
    private readonly SortedDictionary<long, long> _cuts = [];

    /// <summary>The round trips of the epochs committed so far.</summary>
    public LatencyHistogram RoundTrips { get; } = new();

    /// <inheritdoc/>
    public ResumePoint BeginExecution(int workerCount, SnapshotFilter? restore = null) => inner.BeginExecution(workerCount, restore);

    /// <inheritdoc/>
    public ResumePoint ReadResume(long epoch, SnapshotFilter? restore = null) => inner.ReadResume(epoch, restore);

    /// <inheritdoc/>
    public void Write(string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots)
    {
        Note(stepId, epoch, snapshots);
        inner.Write(stepId, workerIndex, epoch, snapshots);
    }

    /// <inheritdoc/>
    public void Write(long execution, string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots)
    {
        Note(stepId, epoch, snapshots);
        inner.Write(execution, stepId, workerIndex, epoch, snapshots);
    }

    /// <inheritdoc/>
    public void RecordProgress(int workerIndex, long epoch) => inner.RecordProgress(workerIndex, epoch);

    /// <inheritdoc/>
    public void RecordProgress(long execution, int workerIndex, long epoch) => inner.RecordProgress(execution, workerIndex, epoch);

    /// <inheritdoc/>
    public void Commit(long epoch)
    {
        inner.Commit(epoch);
        Committed(epoch);
    }

    /// <inheritdoc/>
    public void Commit(long execution, long epoch)
    {
        inner.Commit(execution, epoch);
        Committed(epoch);
    }

    private void Note(string stepId, long epoch, IReadOnlyList<StateSnapshot> snapshots)
    {
        if (stepId != sourceStepId)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var snapshot in snapshots)
            {
                if (snapshot.State is { } state)
                {
                    var cut = _serde.Deserialize(state);
                    _cuts[epoch] = _cuts.TryGetValue(epoch, out var earlier) ? Math.Min(earlier, cut) : cut;
                }
            }
        }
    }

    private void Committed(long epoch)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            while (_cuts.Count > 0 && _cuts.First() is var (first, cut) && first <= epoch)
            {
                RoundTrips.RecordTimestamps(cut, now);
                _cuts.Remove(first);
            }
        }
    }
}
