using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.Grains.Recovery;

/// <summary>A recovery store in this process's memory: survives restarts of executions within the process, not of the process.</summary>
/// <remarks>
/// The reference for what a store does: tests of the engine and of users' flows resume from it, and the durable
/// stores are held to the same behaviour. Keeps every key's snapshots by epoch; a commit collects, per key, the
/// snapshots superseded before the oldest epoch a restore may still go back to (<c>keepEpochs</c> before the commit),
/// and a key whose newest snapshot there is a tombstone entirely.
/// </remarks>
public sealed class InMemoryRecoveryStore : IRecoveryStore
{
    private readonly object _gate = new();
    private readonly long _keepEpochs;
    private readonly Dictionary<(string Step, string Key), SortedList<long, byte[]?>> _snapshots = [];
    private readonly Dictionary<int, long> _progress = [];
    private long _committed;
    private long _execution;

    /// <summary>Creates an empty store that keeps superseded snapshots for <paramref name="keepEpochs"/> committed epochs (Bytewax's backup interval, in epochs).</summary>
    public InMemoryRecoveryStore(long keepEpochs = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keepEpochs);
        _keepEpochs = keepEpochs;
    }

    /// <summary>The last committed epoch; 0 before the first commit.</summary>
    public long CommittedEpoch
    {
        get
        {
            lock (_gate)
            {
                return _committed;
            }
        }
    }

    /// <summary>How many snapshots (tombstones included) the store holds: what garbage collection keeps small.</summary>
    public int SnapshotCount
    {
        get
        {
            lock (_gate)
            {
                return _snapshots.Values.Sum(byEpoch => byEpoch.Count);
            }
        }
    }

    /// <summary>The last epoch each worker of the current execution reported closed.</summary>
    public IReadOnlyDictionary<int, long> Progress
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<int, long>(_progress);
            }
        }
    }

    public ResumePoint BeginExecution(int workerCount, SnapshotFilter? restore = null)
    {
        lock (_gate)
        {
            var resume = _committed + 1;
            var steps = new Dictionary<string, Dictionary<string, byte[]>>(StringComparer.Ordinal);
            var emptied = new List<(string, string)>();
            foreach (var ((step, key), byEpoch) in _snapshots)
            {
                while (byEpoch.Count > 0 && byEpoch.Keys[^1] >= resume)
                {
                    byEpoch.RemoveAt(byEpoch.Count - 1);
                }

                if (byEpoch.Count == 0)
                {
                    emptied.Add((step, key));
                }

                if (byEpoch.Count > 0 && byEpoch.Values[^1] is { } state && (restore ?? SnapshotFilter.All).Keeps(step, key))
                {
                    if (!steps.TryGetValue(step, out var keys))
                    {
                        steps[step] = keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                    }

                    keys[key] = [.. state];
                }
            }

            emptied.ForEach(id => _snapshots.Remove(id));
            _progress.Clear();
            _execution++;
            return _committed == 0 ? ResumePoint.Fresh.ForExecution(_execution)
                : new ResumePoint(resume, steps.ToDictionary(s => s.Key, s => (IReadOnlyDictionary<string, byte[]>)s.Value, StringComparer.Ordinal), execution: _execution);
        }
    }

    public ResumePoint ReadResume(long epoch, SnapshotFilter? restore = null)
    {
        lock (_gate)
        {
            if (epoch <= DataflowExecution.FirstEpoch)
            {
                return ResumePoint.Fresh;
            }

            var steps = new Dictionary<string, Dictionary<string, byte[]>>(StringComparer.Ordinal);
            foreach (var ((step, key), byEpoch) in _snapshots)
            {
                if (!(restore ?? SnapshotFilter.All).Keeps(step, key))
                {
                    continue;
                }

                var newest = -1;
                for (var i = 0; i < byEpoch.Count && byEpoch.Keys[i] < epoch; i++)
                {
                    newest = i;
                }

                if (newest >= 0 && byEpoch.Values[newest] is { } state)
                {
                    if (!steps.TryGetValue(step, out var keys))
                    {
                        steps[step] = keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                    }

                    keys[key] = [.. state];
                }
            }

            return new ResumePoint(epoch, steps.ToDictionary(s => s.Key, s => (IReadOnlyDictionary<string, byte[]>)s.Value, StringComparer.Ordinal));
        }
    }

    public void Write(string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots)
    {
        lock (_gate)
        {
            Write(_execution, stepId, workerIndex, epoch, snapshots);
        }
    }

    public void Write(long execution, string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots)
    {
        lock (_gate)
        {
            if (execution < _execution)
            {
                throw new SupersededExecutionException(
                    $"the in-memory recovery store refused the snapshots of step '{stepId}' at epoch {epoch}: execution {execution} was replaced by execution {_execution}");
            }

            foreach (var snapshot in snapshots)
            {
                if (!_snapshots.TryGetValue((stepId, snapshot.Key), out var byEpoch))
                {
                    _snapshots[(stepId, snapshot.Key)] = byEpoch = [];
                }

                // A copy, as a durable store would keep: the caller may reuse its buffer.
                byEpoch[epoch] = snapshot.State is { } state ? [.. state] : null;
            }
        }
    }

    public void RecordProgress(int workerIndex, long epoch)
    {
        lock (_gate)
        {
            RecordProgress(_execution, workerIndex, epoch);
        }
    }

    public void RecordProgress(long execution, int workerIndex, long epoch)
    {
        lock (_gate)
        {
            if (execution < _execution)
            {
                throw new SupersededExecutionException(
                    $"the in-memory recovery store refused the progress of worker {workerIndex} to epoch {epoch}: execution {execution} was replaced by execution {_execution}");
            }

            _progress[workerIndex] = epoch;
        }
    }

    public void Commit(long epoch)
    {
        lock (_gate)
        {
            Commit(_execution, epoch);
        }
    }

    public void Commit(long execution, long epoch)
    {
        lock (_gate)
        {
            // Checked before the epoch is: a replaced execution's commit is refused even when it would change nothing.
            if (execution < _execution)
            {
                throw new SupersededExecutionException(
                    $"the in-memory recovery store refused the commit of epoch {epoch}: execution {execution} was replaced by execution {_execution}");
            }

            if (epoch <= _committed)
            {
                return;
            }

            _committed = epoch;
            CollectGarbage(epoch - _keepEpochs);
        }
    }

    /// <summary>Drops, per key, every snapshot older than its newest one at or before <paramref name="oldestRestorable"/>, and that one too when it is a tombstone.</summary>
    private void CollectGarbage(long oldestRestorable)
    {
        var emptied = new List<(string, string)>();
        foreach (var (id, byEpoch) in _snapshots)
        {
            var newest = -1;
            for (var i = 0; i < byEpoch.Count && byEpoch.Keys[i] <= oldestRestorable; i++)
            {
                newest = i;
            }

            if (newest < 0)
            {
                continue;
            }

            var drop = byEpoch.Values[newest] is null ? newest + 1 : newest;
            for (var i = 0; i < drop; i++)
            {
                byEpoch.RemoveAt(0);
            }

            if (byEpoch.Count == 0)
            {
                emptied.Add(id);
            }
        }

        foreach (var id in emptied)
        {
            _snapshots.Remove(id);
        }
    }
}
