using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Kafka.Tests.Support;

/// <summary>Wraps a partitioned source and aborts the run, as a crash would, once its partitions together have read more than <paramref name="abortAfter"/> items.</summary>
/// <remarks>The batch that crosses the limit is lost with the run, as a crash would lose it; snapshots are the inner source's, unchanged.</remarks>
internal sealed class AbortingSource<T, TState>(FixedPartitionedSource<T, TState> inner, int abortAfter) : FixedPartitionedSource<T, TState>
{
    private readonly int _abortAfter = abortAfter;
    private int _read;

    public override IReadOnlyList<string> ListParts() => inner.ListParts();

    public override StatefulSourcePartition<T, TState> BuildPart(string stepId, string forPart, TState? resumeState) =>
        new Part(inner.BuildPart(stepId, forPart, resumeState), this);

    private sealed class Part(StatefulSourcePartition<T, TState> inner, AbortingSource<T, TState> source) : StatefulSourcePartition<T, TState>
    {
        public override bool NextBatch(List<T> batch)
        {
            var more = inner.NextBatch(batch);
            if (Interlocked.Add(ref source._read, batch.Count) > source._abortAfter)
            {
                throw new AbortExecutionException("the test's source aborts the run");
            }

            return more;
        }

        public override DateTimeOffset? NextAwake() => inner.NextAwake();

        public override TState Snapshot() => inner.Snapshot();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
        }
    }
}
