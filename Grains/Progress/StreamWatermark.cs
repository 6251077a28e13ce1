using System.Diagnostics;

namespace Orleans.Dataflow.Grains.Progress;

/// <summary>The stream watermark of one operator: per input channel, the watermarks its progress carried, and the one that holds in each epoch.</summary>
/// <remarks>
/// <para>A channel's progress to frontier <c>f</c> carries the watermark of everything it sent before, that is of its
/// epochs below <c>f</c>. The watermark of epoch <c>e</c> is the smallest, over the channels, of the last watermark
/// each carried with a frontier at or below <c>e</c>: it depends on the epochs only, not on when messages arrived,
/// so every worker gives the same epoch the same watermark. A channel that has ended (EOF) has sent everything: from
/// the epoch after its last one it no longer holds the watermark back, as a finished source's maximal watermark does in
/// Flink. Its last epoch, the one it was in when it ended, is the frontier its progress carried before EOF, and items of
/// that epoch may still wait to be applied: until they are, its last watermark holds.
/// It never goes below the <see cref="Floor"/> a resumed run starts from. Not thread-safe: owned by one worker.</para>
/// </remarks>
[DebuggerDisplay("{Value}")]
internal sealed class StreamWatermark
{
    private static readonly long _maxTicks = DateTimeOffset.MaxValue.UtcTicks;
    private readonly long[] _applied;
    private readonly Queue<(long Frontier, long Watermark)>[] _pending;
    private readonly long[] _lastFrontier;

    /// <summary>Creates the watermark of an operator with <paramref name="channelCount"/> input channels, whose run starts at <paramref name="startEpoch"/>.</summary>
    public StreamWatermark(int channelCount, long startEpoch)
    {
        _applied = new long[channelCount];
        _lastFrontier = new long[channelCount];
        Array.Fill(_lastFrontier, startEpoch);
        _pending = new Queue<(long, long)>[channelCount];
        for (var channel = 0; channel < channelCount; channel++)
        {
            _pending[channel] = new Queue<(long, long)>();
        }
    }

    /// <summary>The watermark of the current epoch, in UTC ticks; it never goes back.</summary>
    public long Value { get; private set; }

    /// <summary>The watermark the run resumed from; the watermark never goes below it.</summary>
    public long Floor { get; private set; }

    /// <summary>Starts from <paramref name="floor"/>, the watermark a resumed run had reached.</summary>
    public void Resume(long floor)
    {
        Floor = Math.Max(Floor, floor);
        Value = Math.Max(Value, Floor);
    }

    /// <summary>Records that <paramref name="channel"/> closed the epochs below <paramref name="frontier"/> having sent items up to <paramref name="watermark"/>.</summary>
    /// <remarks>EOF counts from the epoch after the channel's last: a channel that ends in epoch 25 may still have items of 25 to apply, stamped before the other channels' watermark.</remarks>
    public void Record(int channel, long frontier, long watermark)
    {
        if (frontier == Frontier.Eof)
        {
            _pending[channel].Enqueue((_lastFrontier[channel] + 1, _maxTicks));
            return;
        }

        _lastFrontier[channel] = frontier;
        _pending[channel].Enqueue((frontier, watermark));
    }

    /// <summary>Moves to the watermark of <paramref name="epoch"/>, which every channel's frontier has reached; returns whether it moved.</summary>
    public bool MoveTo(long epoch)
    {
        var min = long.MaxValue;
        for (var channel = 0; channel < _applied.Length; channel++)
        {
            var pending = _pending[channel];
            while (pending.TryPeek(out var next) && next.Frontier <= epoch)
            {
                pending.Dequeue();
                _applied[channel] = Math.Max(_applied[channel], next.Watermark);
            }

            min = Math.Min(min, _applied[channel]);
        }

        var value = Math.Max(Floor, Math.Min(min, _maxTicks));
        if (value <= Value)
        {
            return false;
        }

        Value = value;
        return true;
    }
}
