using System.Diagnostics;
using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Connectors;

/// <summary>Emits the items of an async sequence built in code (a channel reader, a paged API, an SDK's stream), gathering each batch for at most a timeout (Bytewax's <c>batch_async</c>, as a source); a resumed run continues after the items of the last snapshot.</summary>
/// <remarks>
/// <para>
/// One partition, named <c>async-enumerable</c>, read by one worker. A batch gathers items until it holds
/// <c>batchSize</c> of them or <c>timeout</c> has passed since it began, as in Bytewax: the worker blocks for at most
/// the timeout per batch, and an item waits at most that long to be handed on. A batch that gathered nothing is handed
/// on empty and the partition is asked again at once. The partition ends with the sequence; an exception the
/// sequence throws fails the run, naming the step and partition.
/// </para>
/// <para>
/// The sequence gets a cancellation token that is cancelled when the partition closes (end of run, stop, failure).
/// The snapshot is the number of items taken; a resumed run builds the sequence again and passes over that many,
/// so the factory must build the same sequence each time for a resume to be exact.
/// </para>
/// </remarks>
public sealed class AsyncEnumerableSource<T> : FixedPartitionedSource<T, long>
{
    private readonly Func<CancellationToken, IAsyncEnumerable<T>> _items;
    private readonly TimeSpan _timeout;
    private readonly int _batchSize;

    /// <summary>Creates a source over the sequence <paramref name="items"/> builds, in batches of up to <paramref name="batchSize"/> items gathered for at most <paramref name="timeout"/> (default 10 ms) each.</summary>
    public AsyncEnumerableSource(Func<CancellationToken, IAsyncEnumerable<T>> items, TimeSpan? timeout = null, int batchSize = 1000)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _timeout = timeout ?? TimeSpan.FromMilliseconds(10);
        ArgumentOutOfRangeException.ThrowIfLessThan(_timeout, TimeSpan.Zero, nameof(timeout));
        _items = items;
        _batchSize = batchSize;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> ListParts() => ["async-enumerable"];

    /// <inheritdoc/>
    /// <remarks>Builds the sequence; its first batches pass over the <paramref name="resumeState"/> items taken before.</remarks>
    public override StatefulSourcePartition<T, long> BuildPart(string stepId, string forPart, long resumeState)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(resumeState);
        var stop = new CancellationTokenSource();
        try
        {
            var items = _items(stop.Token) ?? throw new InvalidOperationException($"the item factory of AsyncEnumerableSource of step '{stepId}' returned null");
            return new Partition(items.GetAsyncEnumerator(stop.Token), stop, _timeout, _batchSize, resumeState);
        }
        catch
        {
            stop.Dispose();
            throw;
        }
    }

    private sealed class Partition(IAsyncEnumerator<T> items, CancellationTokenSource stop, TimeSpan timeout, int batchSize, long taken) : StatefulSourcePartition<T, long>
    {
        private long _taken = taken;
        private long _toPassOver = taken;
        private Task<bool>? _pending;
        private DateTimeOffset? _awake;

        public override bool NextBatch(List<T> batch)
        {
            _awake = null;
            var began = Stopwatch.GetTimestamp();
            while (batch.Count < batchSize)
            {
                if (!TryNext(timeout - Stopwatch.GetElapsedTime(began), out var more))
                {
                    // The time is up: hand on what there is; after an empty batch, ask again at once rather than after the engine's cool-down.
                    _awake = batch.Count == 0 ? DateTimeOffset.UtcNow : null;
                    return true;
                }

                if (!more)
                {
                    return false;
                }

                if (_toPassOver > 0)
                {
                    _toPassOver--;
                    continue;
                }

                batch.Add(items.Current);
                _taken++;
            }

            return true;
        }

        public override DateTimeOffset? NextAwake() => _awake;

        public override long Snapshot() => _taken;

        protected override void Dispose(bool disposing)
        {
            if (!disposing)
            {
                return;
            }

            stop.Cancel();
            try
            {
                // A move still running gets the cancellation; the enumerator may only be disposed once it has settled.
                _pending?.Wait(TimeSpan.FromSeconds(5));
                items.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is AggregateException or InvalidOperationException or NotSupportedException)
            {
                // Cancelled or failed while closing: the run is over, and what failed it was reported before.
            }

            stop.Dispose();
        }

        /// <summary>Takes the next move of the sequence if it completes within <paramref name="wait"/>; <paramref name="more"/> is whether it has an item.</summary>
        private bool TryNext(TimeSpan wait, out bool more)
        {
            if (_pending is null)
            {
                var next = items.MoveNextAsync();
                if (next.IsCompleted)
                {
                    more = next.GetAwaiter().GetResult();
                    return true;
                }

                _pending = next.AsTask();
            }

            if (!_pending.IsCompleted && (wait <= TimeSpan.Zero || !((IAsyncResult)_pending).AsyncWaitHandle.WaitOne(wait)))
            {
                more = false;
                return false;
            }

            var pending = _pending;
            _pending = null;
            more = pending.GetAwaiter().GetResult();
            return true;
        }
    }
}
