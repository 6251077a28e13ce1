using Orleans.Dataflow.Grains.Batching;

namespace Orleans.Dataflow.Grains.Operators.Stateful;

/// <summary>Measures, on the sending worker, how far the items going to a step under a stream watermark let it reach, and hands that on with each closed epoch.</summary>
/// <remarks>
/// Sits in front of the step's exchange (or of the step itself on one worker): the largest of the step's
/// <c>StreamWatermarkOf</c> over every item this worker sent, which the exchange carries to every worker with the
/// progress that follows those items. Steps without a stream watermark have no meter, so their items pay nothing.
/// An item whose timestamp cannot be read does not move the watermark: the step itself meets the same error on it and
/// fails the run or passes the item over under its error policy, as it would without the meter. In front of an
/// exchange, the step before it emits through the meter straight into the exchange (<see cref="DirectEmitter{T}"/>).
/// </remarks>
internal sealed class StreamWatermarkMeter<TValue>(Func<TValue, DateTimeOffset> watermarkOf, IBatchReceiver<(string Key, TValue Value)> next,
    IWatermarkReceiver nextProgress) : DirectEmitter<(string Key, TValue Value)>, IProgressReceiver
{
    private readonly DirectEmitter<(string Key, TValue Value)>? _direct = next as DirectEmitter<(string Key, TValue Value)>;
    private long _watermark = DateTimeOffset.MinValue.UtcTicks;

    /// <inheritdoc/>
    public override bool TakesEmissions => _direct is { TakesEmissions: true };

    /// <inheritdoc/>
    public override long Epoch => _direct!.Epoch;

    /// <inheritdoc/>
    public override void OnBatch(long epoch, ArraySegment<(string Key, TValue Value)> items)
    {
        var watermark = _watermark;
        foreach (var (_, value) in items)
        {
            watermark = Measured(watermark, value);
        }

        _watermark = watermark;
        next.OnBatch(epoch, items);
    }

    /// <inheritdoc/>
    public override void BeginEmit(long epoch) => _direct!.BeginEmit(epoch);

    /// <inheritdoc/>
    public override void Emit((string Key, TValue Value) item)
    {
        _watermark = Measured(_watermark, item.Value);
        _direct!.Emit(item);
    }

    /// <inheritdoc/>
    public override int EndEmit() => _direct!.EndEmit();

    public void OnProgress(int channel, long frontier) => nextProgress.OnProgress(channel, frontier, _watermark);

    /// <summary>The larger of <paramref name="watermark"/> and what <paramref name="value"/> lets the step reach; <paramref name="watermark"/> when its timestamp cannot be read.</summary>
    private long Measured(long watermark, TValue value)
    {
        try
        {
            return Math.Max(watermark, watermarkOf(value).UtcTicks);
        }
        catch (Exception e) when (e is not DataflowException)
        {
            // Left to the step, which reads the same timestamp and knows the item's key and its error policy.
            return watermark;
        }
    }
}
