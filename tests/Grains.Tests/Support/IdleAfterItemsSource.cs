using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>A never-ending source that emits its items in one batch on worker 0, then stays idle without ending: a live stream gone quiet.</summary>
/// <remarks>
/// <para>After the items, every partition asks to be polled again only after <c>idlePoll</c>; with null it leaves
/// that to the engine (which then polls an empty partition every millisecond). Only a stop, an abort or a failure
/// ends a run that reads it. Partitions are tracked for disposal.</para>
/// <para><c>stamp</c> turns each item into what is emitted, at the moment of emission (to stamp items with the
/// time they were emitted, for event clocks). Thread-safe counters say what was emitted and when.</para>
/// </remarks>
internal sealed class IdleAfterItemsSource<TItem, T>(DisposeTracker tracker, IReadOnlyList<TItem> items, Func<TItem, DateTimeOffset, T> stamp, TimeSpan? idlePoll)
    : DynamicSource<T>
{
    private readonly Func<TItem, DateTimeOffset, T> _stamp = stamp;
    private readonly TimeSpan? _idlePoll = idlePoll;
    private readonly DisposeTracker _tracker = tracker;
    private int _emitted;
    private int _polls;
    private long _lastEmittedTicks;

    /// <summary>How many items have been emitted so far.</summary>
    public int Emitted => Volatile.Read(ref _emitted);

    /// <summary>How many times any partition was polled.</summary>
    public int Polls => Volatile.Read(ref _polls);

    /// <summary>The system time (UTC) at which the last item was emitted.</summary>
    public DateTimeOffset LastEmittedAt => new(Interlocked.Read(ref _lastEmittedTicks), TimeSpan.Zero);

    public override StatelessSourcePartition<T> Build(string stepId, int workerIndex, int workerCount)
        => new Partition(this, workerIndex == 0 ? items : [], _tracker.Open($"idle-after-items partition of step '{stepId}' on worker {workerIndex}"));

    private sealed class Partition(IdleAfterItemsSource<TItem, T> source, IReadOnlyList<TItem> items, int id) : StatelessSourcePartition<T>
    {
        private bool _sent;
        private DateTimeOffset? _awake;

        public override bool NextBatch(List<T> batch)
        {
            Interlocked.Increment(ref source._polls);
            var now = DateTimeOffset.UtcNow;
            if (!_sent)
            {
                _sent = true;
                foreach (var item in items)
                {
                    batch.Add(source._stamp(item, now));
                }

                Interlocked.Add(ref source._emitted, batch.Count);
                Interlocked.Exchange(ref source._lastEmittedTicks, now.UtcTicks);
            }

            _awake = source._idlePoll is { } poll ? now + poll : null;
            return true;
        }

        public override DateTimeOffset? NextAwake() => _awake;

        protected override void Dispose(bool disposing) => source._tracker.Closed(id);
    }
}
