using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>A partitioned source over several lists, one partition per list ("part-0", "part-1", ...), so that several workers read.</summary>
/// <remarks>Each partition emits its list in batches of <c>batchSize</c>; its snapshot is the number of items read. Partitions are dealt over workers by the engine.</remarks>
internal sealed class ListSource<T>(IReadOnlyList<IReadOnlyList<T>> partitions, int batchSize = 1) : FixedPartitionedSource<T, int>
{
    /// <summary>Splits <paramref name="items"/> round-robin into <paramref name="partitionCount"/> partitions.</summary>
    public static ListSource<T> Split(IReadOnlyList<T> items, int partitionCount, int batchSize = 1)
        => new(Enumerable.Range(0, partitionCount).Select(p => (IReadOnlyList<T>)items.Where((_, i) => i % partitionCount == p).ToList()).ToList(), batchSize);

    public override IReadOnlyList<string> ListParts() => Enumerable.Range(0, partitions.Count).Select(p => $"part-{p}").ToList();

    public override StatefulSourcePartition<T, int> BuildPart(string stepId, string forPart, int resumeState)
        => new Partition(partitions[int.Parse(forPart["part-".Length..], System.Globalization.CultureInfo.InvariantCulture)], batchSize, resumeState);

    private sealed class Partition(IReadOnlyList<T> items, int batchSize, int position) : StatefulSourcePartition<T, int>
    {
        private int _position = position;

        public override bool NextBatch(List<T> batch)
        {
            var end = Math.Min(items.Count, _position + batchSize);
            for (; _position < end; _position++)
            {
                batch.Add(items[_position]);
            }

            return _position < items.Count;
        }

        public override int Snapshot() => _position;
    }
}
