using Orleans.Dataflow.Grains.Operators.Stateful;

namespace Orleans.Dataflow.Grains.Operators.Combine;

/// <summary>Merges the values of each key within an epoch on the sending worker, so one value per key and epoch crosses the exchange (local-global aggregation).</summary>
/// <remarks>
/// Its one input is its worker's upstream, in epoch order. The merged values of an epoch go downstream, in that epoch,
/// when the frontier passes it (before the progress that closes it) or when items of a later epoch arrive, so the
/// stateful step behind the exchange closes every epoch with exactly the values it would have seen one by one. Holds
/// nothing across epochs, so it has nothing to snapshot.
/// </remarks>
internal sealed class PreCombineOperator<TValue> : Operator, IBatchReceiver<(string Key, TValue Value)>
{
    private readonly Func<TValue, TValue, TValue> _combine;
    private readonly KeyTable<TValue> _merged = new();
    // A field, not stackalloc, as in the stateful operator: a method that allocates on the stack is never compiled with
    // the profile of its first calls, which is what devirtualizes the combine delegate in the loop over a batch.
    private readonly int[] _hashRing = new int[KeyTable<TValue>.HashRing];
    private readonly (string Key, TValue Value)[] _batch;
    private long _epoch;

    public PreCombineOperator(OperatorContext context, Func<TValue, TValue, TValue> combine)
        : base(context, 1)
    {
        _combine = combine;
        _batch = new (string, TValue)[context.Options.ExchangeBatchSize];
    }

    public OutputPort<(string Key, TValue Value)> Output { get; } = new();

    public void OnBatch(long epoch, ArraySegment<(string Key, TValue Value)> items)
    {
        if (epoch != _epoch)
        {
            SendMerged();
            _epoch = epoch;
        }

        // Merged in the same key table as a stateful step's, with its lookups prefetched ahead once it is large (W1's words).
        var span = items.AsSpan();
        var lookups = new KeyLookups<TValue, TValue>(_merged, span, _hashRing);
        for (var i = 0; i < span.Length; i++)
        {
            var (key, value) = span[i];
            if (key is null)
            {
                throw NullKey.Failure(Context, (key, value));
            }

            ref var merged = ref _merged.GetValueRefOrAddDefault(key, lookups.HashOf(i, key), out var exists);
            merged = exists ? _combine(merged!, value) : value;
        }
    }

    protected override void OnFrontierAdvanced(long from, long to) => SendMerged();

    protected override void SendProgress(long frontier) => Output.SendProgress(frontier);

    private void SendMerged()
    {
        if (_merged.Count == 0)
        {
            return;
        }

        var count = 0;
        foreach (var pair in _merged)
        {
            _batch[count++] = (pair.Key, pair.Value);
            if (count == _batch.Length)
            {
                Output.Send(_epoch, new ArraySegment<(string, TValue)>(_batch, 0, count));
                count = 0;
            }
        }

        if (count > 0)
        {
            Output.Send(_epoch, new ArraySegment<(string, TValue)>(_batch, 0, count));
        }

        Array.Clear(_batch);
        _merged.Clear();
    }
}
