using System.Buffers;
using Orleans.Dataflow.Grains.Exchange;
using Orleans.Dataflow.Grains.Progress;

namespace Orleans.Dataflow.Grains.Operators;

/// <summary>The base of operators whose state is snapshotted per epoch: applies items strictly in epoch order (aligned barriers).</summary>
/// <remarks>
/// Items of the current epoch are applied at once. Items of a later epoch, from a sender that is ahead of the
/// others, are held until every channel has closed the epochs before it. When an epoch closes,
/// <see cref="CloseEpoch"/> runs after all its items; at EOF, <see cref="OnEof"/> runs in the last epoch and that
/// epoch then closes too. A held batch is a copy in a pooled array, given back once applied: a step upstream that
/// emits as its epoch starts (windows a stream watermark closes) sends its output ahead of the progress that starts
/// the epoch here, so every such batch is held, and a fresh copy of each was the largest allocation of those flows.
/// </remarks>
internal abstract class EpochAlignedOperator<T> : Operator, IBatchReceiver<T>
{
    private readonly SortedDictionary<long, List<ArraySegment<T>>> _held = [];

    protected EpochAlignedOperator(OperatorContext context, int channelCount)
        : base(context, channelCount)
    {
        CurrentEpoch = context.StartEpoch;
    }

    /// <summary>The epoch whose items are being applied now; output is emitted in it.</summary>
    protected long CurrentEpoch { get; private set; }

    /// <summary>The latest epoch with items received, applied or held: no item received so far is in a later one.</summary>
    protected long LatestEpochWithItems => _held.Count == 0 ? CurrentEpoch : Math.Max(CurrentEpoch, _held.Keys.Max());

    public void OnBatch(long epoch, ArraySegment<T> items)
    {
        if (epoch <= CurrentEpoch)
        {
            Apply(items);
            return;
        }

        if (!_held.TryGetValue(epoch, out var batches))
        {
            _held[epoch] = batches = [];
        }

        var copy = ArrayPool<T>.Shared.Rent(items.Count);
        items.AsSpan().CopyTo(copy);
        batches.Add(new ArraySegment<T>(copy, 0, items.Count));
    }

    protected sealed override void OnFrontierAdvanced(long from, long to)
    {
        while (_held.Count > 0)
        {
            var (epoch, batches) = _held.First();
            if (epoch > to || (epoch == to && to != Frontier.Eof))
            {
                break;
            }

            _held.Remove(epoch);
            CloseEpoch(CurrentEpoch);
            CurrentEpoch = epoch;
            OnEpochStarted();
            ApplyHeld(batches);
        }

        if (to == Frontier.Eof)
        {
            OnEof();
            CloseEpoch(CurrentEpoch);
            return;
        }

        CloseEpoch(CurrentEpoch);
        CurrentEpoch = to;
        OnEpochStarted();
        if (_held.Remove(to, out var current))
        {
            ApplyHeld(current);
        }
    }

    /// <summary>Applies batches that were held for the epoch now current, giving each copy back to the pool once applied.</summary>
    private void ApplyHeld(List<ArraySegment<T>> batches)
    {
        foreach (var batch in batches)
        {
            Apply(batch);
            PooledBatch.Return(batch.Array!, batch.Count);
        }
    }

    /// <summary>Runs when <see cref="CurrentEpoch"/> has moved on, before any of its items is applied; the default does nothing.</summary>
    protected virtual void OnEpochStarted()
    {
    }

    /// <summary>Applies items of <see cref="CurrentEpoch"/> to the state.</summary>
    protected abstract void Apply(ArraySegment<T> items);

    /// <summary>Runs once every item of <paramref name="epoch"/> has been applied: snapshot what changed.</summary>
    protected abstract void CloseEpoch(long epoch);

    /// <summary>Runs once when every channel has ended, after all held items were applied.</summary>
    protected abstract void OnEof();
}
