using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Outputs;
using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Grains.Operators.Output;

/// <summary>Writes keyed items to the partitions of a partitioned sink that this worker owns, in epoch order, snapshotting them at each epoch close.</summary>
/// <remarks>
/// Items arrive already routed to the owner of the partition their key picks; only values are written. Partitions that
/// implement <see cref="IEpochAwareSinkPartition"/> hear of each epoch they wrote in closing, before its snapshot, and
/// of commits, which the worker passes on as a <see cref="IEpochCommitListener"/>.
/// </remarks>
internal sealed class PartitionedOutputOperator<TValue> : EpochAlignedOperator<(string Key, TValue Value)>, IEpochCommitListener
{
    private readonly IPartitionedSink<TValue> _sink;
    private readonly IReadOnlyList<string> _partNames;
    private readonly Func<int, bool> _owns;
    private readonly ISnapshotSink? _snapshots;
    private readonly ISinkWriter<TValue>?[] _writers;
    private readonly List<TValue>[] _pending;
    private readonly HashSet<int> _written = [];
    private readonly List<int> _epochAware = [];
    private long _awaitingCommit = -1;
    private long _lastClosed = -1;
    private long _lastCommitted = -1;

    public PartitionedOutputOperator(OperatorContext context, int channelCount, IPartitionedSink<TValue> sink, IReadOnlyList<string> partNames, Func<int, bool> owns)
        : base(context, channelCount)
    {
        _sink = sink;
        _partNames = partNames;
        _owns = owns;
        _snapshots = context.Snapshots;
        _writers = new ISinkWriter<TValue>?[partNames.Count];
        _pending = new List<TValue>[partNames.Count];
        for (var i = 0; i < _pending.Length; i++)
        {
            _pending[i] = [];
        }
    }

    /// <summary>How many items this operator has written, counted per batch by its worker thread; others read it racily, for status.</summary>
    public long ItemsWritten { get; private set; }

    public void Open()
    {
        for (var i = 0; i < _partNames.Count; i++)
        {
            if (!_owns(i))
            {
                continue;
            }

            try
            {
                _writers[i] = _sink.BuildPart(Context.StepId, _partNames[i], Context.Resume.StateOf(Context.StepId, _partNames[i]));
                if (_writers[i] is IEpochAwareSinkPartition)
                {
                    _epochAware.Add(i);
                }
            }
            catch (Exception e)
            {
                throw FailureWhile(e, $"opening partition '{_partNames[i]}'");
            }
        }
    }

    /// <summary>The partition index <paramref name="key"/> goes to: the sink's choice, modulo the partition count.</summary>
    public static int PartitionOf(IPartitionedSink<TValue> sink, int partitionCount, string key)
    {
        var part = sink.PartFor(key) % partitionCount;
        return part < 0 ? part + partitionCount : part;
    }

    protected override void Apply(ArraySegment<(string Key, TValue Value)> items)
    {
        foreach (var (key, value) in items)
        {
            int part;
            try
            {
                part = PartitionOf(_sink, _partNames.Count, key);
            }
            catch (Exception e)
            {
                throw FailureOnItem(e, (key, value));
            }

            _pending[part].Add(value);
        }

        for (var part = 0; part < _pending.Length; part++)
        {
            var values = _pending[part];
            if (values.Count == 0)
            {
                continue;
            }

            try
            {
                _writers[part]!.WriteBatch(values);
            }
            catch (Exception e)
            {
                throw FailureWhile(e, $"writing to partition '{_partNames[part]}'");
            }

            values.Clear();
            _written.Add(part);
        }

        ItemsWritten += items.Count;
    }

    /// <inheritdoc/>
    public long AwaitingCommit => _awaitingCommit;

    /// <inheritdoc/>
    /// <remarks>Passed on to every epoch-aware partition this worker owns, as the last epoch this operator closed if that is earlier, and only when that moved on.</remarks>
    public void OnEpochCommitted(long epoch)
    {
        var committed = Math.Min(epoch, _lastClosed);
        if (committed <= _lastCommitted)
        {
            return;
        }

        _lastCommitted = committed;
        if (_awaitingCommit <= committed)
        {
            _awaitingCommit = -1;
        }

        foreach (var part in _epochAware)
        {
            try
            {
                ((IEpochAwareSinkPartition)_writers[part]!).EpochCommitted(committed);
            }
            catch (Exception e)
            {
                throw FailureWhile(e, $"committing epoch {committed} in partition '{_partNames[part]}'");
            }
        }
    }

    protected override void CloseEpoch(long epoch)
    {
        _lastClosed = epoch;
        if (_written.Count == 0)
        {
            return;
        }

        foreach (var part in _written.Order())
        {
            if (_writers[part] is IEpochAwareSinkPartition aware)
            {
                try
                {
                    aware.EpochClosed(epoch);
                }
                catch (Exception e)
                {
                    throw FailureWhile(e, $"closing epoch {epoch} in partition '{_partNames[part]}'");
                }

                _awaitingCommit = epoch;
            }
        }

        if (_snapshots is not null)
        {
            var snapshots = _written.Order().Select(part => new StateSnapshot(_partNames[part], Snapshot(part))).ToList();
            _snapshots.Write(Context.StepId, Context.WorkerIndex, epoch, snapshots);
        }

        _written.Clear();
    }

    protected override void OnEof()
    {
    }

    public override void Close()
    {
        var writers = _writers.Select((writer, part) => ($"partition '{_partNames[part]}'", (IDisposable?)writer)).ToList();
        Array.Clear(_writers);
        DisposeAll(writers);
    }

    private byte[]? Snapshot(int part)
    {
        try
        {
            return _writers[part]!.Snapshot();
        }
        catch (Exception e)
        {
            throw FailureWhile(e, $"snapshotting partition '{_partNames[part]}'");
        }
    }

    protected override void SendProgress(long frontier)
    {
    }
}
