using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Testing;

/// <summary>A source that emits the items of a list, for tests; the list may hold EOF, ABORT and PAUSE markers.</summary>
/// <remarks>
/// One partition named "iterable", read by one worker. Its snapshot is the number of elements consumed, so a
/// resumed run continues where the last snapshot left off. Markers: see <see cref="TestingMarker"/>.
/// </remarks>
public sealed class TestingSource<T> : FixedPartitionedSource<T, int>
{
    private readonly IEnumerable<TestingItem<T>> _items;
    private readonly int _batchSize;

    /// <summary>Creates a source over <paramref name="items"/>, emitting batches of up to <paramref name="batchSize"/> items.</summary>
    public TestingSource(IEnumerable<TestingItem<T>> items, int batchSize = 1)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _items = items;
        _batchSize = batchSize;
    }

    /// <summary>Creates a source over plain <paramref name="items"/>, emitting batches of up to <paramref name="batchSize"/> items.</summary>
    public TestingSource(IEnumerable<T> items, int batchSize = 1)
        : this(items.Select(i => (TestingItem<T>)i), batchSize)
    {
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> ListParts() => ["iterable"];

    /// <inheritdoc/>
    public override StatefulSourcePartition<T, int> BuildPart(string stepId, string forPart, int resumeState)
        => new Partition(_items.Skip(resumeState).GetEnumerator(), _batchSize, resumeState);

    private sealed class Partition(IEnumerator<TestingItem<T>> items, int batchSize, int index) : StatefulSourcePartition<T, int>
    {
        private int _index = index;
        private Exception? _pending;
        private bool _ended;
        private DateTimeOffset? _awake;

        public override bool NextBatch(List<T> batch)
        {
            if (_pending is not null)
            {
                throw _pending;
            }

            if (_ended)
            {
                return false;
            }

            _awake = null;
            while (batch.Count < batchSize)
            {
                if (!items.MoveNext())
                {
                    _ended = true;
                    return false;
                }

                // The index counts every element taken, markers too, so a resumed partition skips exactly those;
                // only an abort that fires is left untaken, for the resumed run to pass over.
                var element = items.Current;
                switch (element.Marker?.Kind)
                {
                    case null:
                        batch.Add(element.Item);
                        _index++;
                        break;
                    case TestingMarker.MarkerKind.Eof:
                        _index++;
                        _ended = true;
                        return false;
                    case TestingMarker.MarkerKind.Abort when !element.Marker.Triggered:
                        element.Marker.Triggered = true;
                        _pending = new AbortExecutionException("TestingSource reached an ABORT marker");
                        return true;
                    case TestingMarker.MarkerKind.Abort:
                        _index++;
                        break;
                    case TestingMarker.MarkerKind.Pause:
                        _index++;
                        _awake = DateTimeOffset.UtcNow + element.Marker.PauseFor;
                        return true;
                }
            }

            return true;
        }

        public override DateTimeOffset? NextAwake() => _awake;

        public override int Snapshot() => _index;

        protected override void Dispose(bool disposing) => items.Dispose();
    }
}
