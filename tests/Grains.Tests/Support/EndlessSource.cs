using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>A dynamic source that never ends: every worker's partition emits numbered ticks, a batch per <c>interval</c>.</summary>
/// <remarks>Only a failure, an abort or a graceful stop ends a run that reads it. Partitions are tracked for disposal.</remarks>
internal sealed class EndlessSource(DisposeTracker tracker, int batchSize = 4, TimeSpan? interval = null) : DynamicSource<Tick>
{
    private readonly TimeSpan _interval = interval ?? TimeSpan.FromMilliseconds(1);

    public override StatelessSourcePartition<Tick> Build(string stepId, int workerIndex, int workerCount)
        => new Partition(workerIndex, batchSize, _interval, tracker, tracker.Open($"endless partition of step '{stepId}' on worker {workerIndex}"));

    private sealed class Partition(int worker, int batchSize, TimeSpan interval, DisposeTracker tracker, int id) : StatelessSourcePartition<Tick>
    {
        private long _next;
        private DateTimeOffset _awake;

        public override bool NextBatch(List<Tick> batch)
        {
            for (var i = 0; i < batchSize; i++)
            {
                batch.Add(new Tick(worker, _next++));
            }

            _awake = DateTimeOffset.UtcNow + interval;
            return true;
        }

        public override DateTimeOffset? NextAwake() => _awake;

        protected override void Dispose(bool disposing) => tracker.Closed(id);
    }
}
