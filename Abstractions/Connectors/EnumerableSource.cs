using System.Diagnostics;
using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Connectors;

/// <summary>Emits the items of a sequence built in code, in batches by count and optionally by time (Bytewax's <c>batch</c> helper, as a source); a resumed run continues after the items of the last snapshot.</summary>
/// <remarks>
/// <para>
/// One partition, named <c>enumerable</c>, read by one worker. Each batch takes up to <c>batchSize</c> items; with a
/// <c>batchTimeout</c> it also ends once that much time has passed since it began, so a slow sequence (one whose
/// enumerator blocks between items) still hands items on. The partition ends with the sequence.
/// </para>
/// <para>
/// The snapshot is the number of items taken. A resumed run builds the sequence again with the factory and passes
/// over that many items, so the factory must build the same sequence each time for a resume to be exact.
/// </para>
/// </remarks>
public sealed class EnumerableSource<T> : FixedPartitionedSource<T, long>
{
    private readonly Func<IEnumerable<T>> _items;
    private readonly int _batchSize;
    private readonly TimeSpan? _batchTimeout;

    /// <summary>Creates a source over the sequence <paramref name="items"/> builds, in batches of up to <paramref name="batchSize"/> items, each ended early once <paramref name="batchTimeout"/> has passed (never, when null).</summary>
    public EnumerableSource(Func<IEnumerable<T>> items, int batchSize = 1000, TimeSpan? batchTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (batchTimeout is { } timeout)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero, nameof(batchTimeout));
        }

        _items = items;
        _batchSize = batchSize;
        _batchTimeout = batchTimeout;
    }

    /// <summary>Creates a source over <paramref name="items"/>, which is enumerated again on a resume, in batches of up to <paramref name="batchSize"/> items.</summary>
    public EnumerableSource(IEnumerable<T> items, int batchSize = 1000)
        : this(items is null ? throw new ArgumentNullException(nameof(items)) : () => items, batchSize)
    {
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> ListParts() => ["enumerable"];

    /// <inheritdoc/>
    /// <remarks>Builds the sequence and passes over the <paramref name="resumeState"/> items taken before.</remarks>
    public override StatefulSourcePartition<T, long> BuildPart(string stepId, string forPart, long resumeState)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(resumeState);
        var items = _items() ?? throw new InvalidOperationException($"the item factory of EnumerableSource of step '{stepId}' returned null");
        return new Partition(items.Skip(resumeState > int.MaxValue ? int.MaxValue : (int)resumeState).GetEnumerator(), _batchSize, _batchTimeout, resumeState);
    }

    private sealed class Partition(IEnumerator<T> items, int batchSize, TimeSpan? batchTimeout, long taken) : StatefulSourcePartition<T, long>
    {
        private long _taken = taken;

        public override bool NextBatch(List<T> batch)
        {
            var began = Stopwatch.GetTimestamp();
            while (batch.Count < batchSize)
            {
                if (!items.MoveNext())
                {
                    return false;
                }

                batch.Add(items.Current);
                _taken++;
                if (batchTimeout is { } timeout && Stopwatch.GetElapsedTime(began) >= timeout)
                {
                    break;
                }
            }

            return true;
        }

        public override long Snapshot() => _taken;

        protected override void Dispose(bool disposing) => items.Dispose();
    }
}
