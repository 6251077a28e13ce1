using Orleans.Dataflow.Grains.Batching;

namespace Orleans.Dataflow.Grains.Operators.Stateful;

/// <summary>Measures, on the sending worker, how far the items going to a step under a stream watermark let it reach, and hands that on with each closed epoch.</summary>
/// <remarks>
/// Sits in front of the step's exchange (or of the step itself on one worker): the largest event time over every item
/// this worker sent, less the step's wait, which the exchange carries to every worker with the progress that follows
/// those items. The wait is taken off once per progress message, not per item: taking off the same wait keeps the
/// order of times, so the largest of the differences is the difference from the largest. Steps without a stream
/// watermark have no meter, so their items pay nothing. An item whose timestamp cannot be read does not move the
/// watermark: the step itself meets the same error on it and fails the run or passes the item over under its error
/// policy, as it would without the meter. In front of an exchange, the step before it emits through the meter
/// straight into the exchange (<see cref="DirectEmitter{T}"/>).
/// </remarks>
internal sealed class StreamWatermarkMeter<TValue>(Func<TValue, DateTimeOffset> timestampOf, TimeSpan wait, IBatchReceiver<(string Key, TValue Value)> next,
    IWatermarkReceiver nextProgress) : DirectEmitter<(string Key, TValue Value)>, IProgressReceiver
{
    private static readonly long _earliest = DateTimeOffset.MinValue.UtcTicks;
    private readonly DirectEmitter<(string Key, TValue Value)>? _direct = next as DirectEmitter<(string Key, TValue Value)>;
    private readonly long _wait = wait.Ticks;
    private long _latest = DateTimeOffset.MinValue.UtcTicks;

    /// <inheritdoc/>
    public override bool TakesEmissions => _direct is { TakesEmissions: true };

    /// <inheritdoc/>
    public override long Epoch => _direct!.Epoch;

    /// <summary>The watermark this worker's items so far let the step reach, in UTC ticks: the largest event time less the wait, or the earliest time.</summary>
    public long Watermark => _latest - _earliest >= _wait ? _latest - _wait : _earliest;

    /// <inheritdoc/>
    public override void OnBatch(long epoch, ArraySegment<(string Key, TValue Value)> items)
    {
        var latest = _latest;
        foreach (var (_, value) in items)
        {
            latest = Latest(latest, value);
        }

        _latest = latest;
        next.OnBatch(epoch, items);
    }

    /// <inheritdoc/>
    public override void BeginEmit(long epoch) => _direct!.BeginEmit(epoch);

    /// <inheritdoc/>
    public override void Emit((string Key, TValue Value) item)
    {
        _latest = Latest(_latest, item.Value);
        _direct!.Emit(item);
    }

    /// <inheritdoc/>
    public override int EndEmit() => _direct!.EndEmit();

    public void OnProgress(int channel, long frontier) => nextProgress.OnProgress(channel, frontier, Watermark);

    /// <summary>The later of <paramref name="latest"/> and <paramref name="value"/>'s event time; <paramref name="latest"/> when its timestamp cannot be read.</summary>
    private long Latest(long latest, TValue value)
    {
        try
        {
            return Math.Max(latest, timestampOf(value).UtcTicks);
        }
        catch (Exception e) when (e is not DataflowException)
        {
            // Left to the step, which reads the same timestamp and knows the item's key and its error policy.
            return latest;
        }
    }
}
