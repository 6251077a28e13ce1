using System.Runtime.CompilerServices;
using Orleans.Dataflow.Grains.Batching;
using Orleans.Dataflow.Grains.Progress;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Inputs;
using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Grains.Operators.Input;

/// <summary>Reads the source partitions this worker owns, one batch per awake partition per round, in the worker's current epoch.</summary>
/// <remarks>
/// Partitions are opened on the worker thread by <see cref="Open"/>. A partition is polled again at once after a
/// batch with items, after a 1 ms cool-down after an empty batch, or at the time it asks for. When the worker
/// cuts an epoch, <see cref="AdvanceEpoch"/> snapshots the partitions and closes the epoch downstream. When every
/// partition has ended, the input sends EOF.
/// </remarks>
internal sealed class InputOperator<T> : Operator, Execution.IInputDriver, IReusedBuffers
{
    private static readonly TimeSpan _coolDown = TimeSpan.FromMilliseconds(1);
    private readonly Func<IReadOnlyList<(string Name, Func<IPartitionReader<T>> Open)>> _partitions;
    private readonly List<Partition> _open = [];
    private readonly List<T> _batch = [];

    /// <summary>How many slots at the start of the batch list's array may still hold records already sent.</summary>
    private int _stale;
    private readonly ISnapshotSink? _snapshots;

    public InputOperator(OperatorContext context, Func<IReadOnlyList<(string Name, Func<IPartitionReader<T>> Open)>> partitions)
        : base(context, 0)
    {
        _partitions = partitions;
        _snapshots = context.Snapshots;
        Epoch = context.StartEpoch;
    }

    public OutputPort<T> Output { get; } = new();

    /// <summary>The epoch items read now belong to; <see cref="Frontier.Eof"/> once every partition has ended.</summary>
    public long Epoch { get; private set; }

    public bool IsDone => Epoch == Frontier.Eof;

    /// <summary>How many items this operator has read, counted per batch by its worker thread; others read it racily, for status.</summary>
    public long ItemsRead { get; private set; }

    public void Open()
    {
        IReadOnlyList<(string Name, Func<IPartitionReader<T>> Open)> parts;
        try
        {
            parts = _partitions();
        }
        catch (Exception e)
        {
            throw FailureWhile(e, "listing its partitions");
        }

        foreach (var (name, open) in parts)
        {
            try
            {
                _open.Add(new Partition(name, open()));
            }
            catch (AbortExecutionException)
            {
                throw;
            }
            catch (Exception e)
            {
                throw FailureWhile(e, $"opening partition '{name}'");
            }
        }

        if (_open.Count == 0)
        {
            Finish();
        }
    }

    /// <summary>Reads one batch from every partition that is awake, stopping early once <paramref name="backedUp"/> says so; returns whether any items were read.</summary>
    /// <remarks>The partitions take turns at going first, so a backed-up worker does not starve the last ones.</remarks>
    public bool Poll(DateTimeOffset now, Func<bool> backedUp)
    {
        var read = false;
        if (_open.Count > 1)
        {
            _open.Add(_open[0]);
            _open.RemoveAt(0);
        }

        for (var i = 0; i < _open.Count; i++)
        {
            var partition = _open[i];
            if (partition.AwakeAt > now)
            {
                continue;
            }

            if (backedUp())
            {
                break;
            }

            Empty();
            bool more;
            try
            {
                more = partition.Reader.NextBatch(_batch);
                partition.AwakeAt = partition.Reader.NextAwake() ?? (_batch.Count > 0 ? now : now + _coolDown);
            }
            catch (AbortExecutionException)
            {
                throw;
            }
            catch (Exception e)
            {
                throw FailureWhile(e, $"reading partition '{partition.Name}'");
            }

            if (_batch.Count > 0)
            {
                read = true;
                Send();
            }

            if (!more)
            {
                WriteSnapshots([partition]);
                _open.RemoveAt(i--);
                try
                {
                    partition.Reader.Dispose();
                }
                catch (Exception e)
                {
                    throw FailureWhile(e, $"closing partition '{partition.Name}'");
                }
            }
        }

        if (_open.Count == 0 && !IsDone)
        {
            Finish();
        }

        return read;
    }

    /// <summary>The earliest time a partition wants to be polled, or null when none is open.</summary>
    public DateTimeOffset? NextAwake => _open.Count == 0 ? null : _open.Min(p => p.AwakeAt);

    /// <summary>Snapshots the partitions and closes every epoch below <paramref name="epoch"/> downstream.</summary>
    public void AdvanceEpoch(long epoch)
    {
        if (IsDone || epoch <= Epoch)
        {
            return;
        }

        WriteSnapshots(_open);
        Epoch = epoch;
        SendProgress(epoch);
    }

    public override void Close()
    {
        var open = _open.Select(p => ($"partition '{p.Name}'", (IDisposable?)p.Reader)).ToList();
        _open.Clear();
        DisposeAll(open);
    }

    protected override void SendProgress(long frontier) => Output.SendProgress(frontier);

    private void Finish()
    {
        Epoch = Frontier.Eof;
        SendProgress(Frontier.Eof);
    }

    private void Send()
    {
        ItemsRead += _batch.Count;
        Output.Send(Epoch, new ArraySegment<T>(ListItems<T>.Of(_batch), 0, _batch.Count));
    }

    /// <inheritdoc/>
    public void ReleaseRecords()
    {
        Empty();
        if (_stale > 0)
        {
            var items = ListItems<T>.Of(_batch);
            Array.Clear(items, 0, Math.Min(_stale, items.Length));
            _stale = 0;
        }
    }

    /// <summary>Empties the batch list for the next read without clearing what it held: the read overwrites those slots, and an idle worker clears them (<see cref="ReleaseRecords"/>).</summary>
    /// <remarks>List's own <c>Clear</c> clears every slot of records holding references first, which for NEXMark's 80-byte events cost about as much as reading them.</remarks>
    private void Empty()
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            _stale = Math.Max(_stale, _batch.Count);
            ListItems<T>.CountOf(_batch) = 0;
        }
        else
        {
            _batch.Clear();
        }
    }

    private void WriteSnapshots(List<Partition> partitions)
    {
        if (_snapshots is null || partitions.Count == 0)
        {
            return;
        }

        var snapshots = new List<StateSnapshot>(partitions.Count);
        foreach (var partition in partitions)
        {
            try
            {
                snapshots.Add(new StateSnapshot(partition.Name, partition.Reader.Snapshot()));
            }
            catch (Exception e)
            {
                throw FailureWhile(e, $"snapshotting partition '{partition.Name}'");
            }
        }

        _snapshots.Write(Context.StepId, Context.WorkerIndex, Epoch, snapshots);
    }

    private sealed class Partition(string name, IPartitionReader<T> reader)
    {
        public string Name { get; } = name;

        public IPartitionReader<T> Reader { get; } = reader;

        public DateTimeOffset AwakeAt { get; set; } = DateTimeOffset.MinValue;
    }
}
