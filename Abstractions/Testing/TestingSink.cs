using Orleans.Dataflow.Outputs;

namespace Orleans.Dataflow.Testing;

/// <summary>A sink that appends every item to a list, for tests; every worker appends to the same list.</summary>
/// <remarks>Thread-safe: appends lock the list. The list is never cleared, so several runs accumulate.</remarks>
public sealed class TestingSink<T> : DynamicSink<T>
{
    private readonly List<T> _items;

    /// <summary>Creates a sink appending to <paramref name="items"/>.</summary>
    public TestingSink(List<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = items;
    }

    /// <inheritdoc/>
    public override StatelessSinkPartition<T> Build(string stepId, int workerIndex, int workerCount) => new Partition(_items);

    private sealed class Partition(List<T> items) : StatelessSinkPartition<T>
    {
        public override void WriteBatch(IReadOnlyList<T> batch)
        {
            lock (items)
            {
                items.AddRange(batch);
            }
        }
    }
}
