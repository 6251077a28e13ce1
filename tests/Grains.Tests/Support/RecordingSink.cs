using Orleans.Dataflow.Outputs;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>A dynamic sink that records every item with the worker that wrote it, and counts its partitions.</summary>
/// <remarks>Thread-safe. <see cref="OnWrite"/> runs for every item on the writing worker's thread, before it is recorded (throw there to fail the sink).</remarks>
internal sealed class RecordingSink<T>(DisposeTracker tracker) : DynamicSink<T>
{
    private readonly DisposeTracker _tracker = tracker;
    private readonly object _gate = new();
    private readonly List<(int Worker, T Item)> _records = [];
    private int _built;

    /// <summary>Runs for every item before it is recorded.</summary>
    public Action<T>? OnWrite { get; init; }

    /// <summary>How many partitions were built (one per worker in a run that did not fail).</summary>
    public int Built => Volatile.Read(ref _built);

    /// <summary>Every item in the order the workers wrote them.</summary>
    public List<T> Items
    {
        get
        {
            lock (_gate)
            {
                return _records.ConvertAll(r => r.Item);
            }
        }
    }

    /// <summary>Every item with the index of the worker that wrote it.</summary>
    public List<(int Worker, T Item)> Records
    {
        get
        {
            lock (_gate)
            {
                return [.. _records];
            }
        }
    }

    /// <summary>How many items were written so far.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _records.Count;
            }
        }
    }

    public override StatelessSinkPartition<T> Build(string stepId, int workerIndex, int workerCount)
    {
        Interlocked.Increment(ref _built);
        return new Partition(this, workerIndex, _tracker.Open($"sink partition of step '{stepId}' on worker {workerIndex}"));
    }

    private sealed class Partition(RecordingSink<T> sink, int worker, int id) : StatelessSinkPartition<T>
    {
        public override void WriteBatch(IReadOnlyList<T> items)
        {
            foreach (var item in items)
            {
                sink.OnWrite?.Invoke(item);
                lock (sink._gate)
                {
                    sink._records.Add((worker, item));
                }
            }
        }

        protected override void Dispose(bool disposing) => sink._tracker.Closed(id);
    }
}
