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
        AssertInvariants();
    }

    /// <summary>Records that <paramref name="channel"/> closed the epochs below <paramref name="frontier"/> having sent items up to <paramref name="watermark"/>.</summary>
    /// <remarks>For EOF use <see cref="RecordEnd"/>.</remarks>
    public void Record(int channel, long frontier, long watermark)
    {
        Debug.Assert(frontier != Frontier.Eof, "EOF is recorded with RecordEnd");
        _lastFrontier[channel] = frontier;
        _pending[channel].Enqueue((frontier, watermark));
    }

    /// <summary>Records that <paramref name="channel"/> has ended, when none of its items waits in an epoch after <paramref name="latestEpochWithItems"/>: from the epoch after both that and its last frontier, it no longer holds the watermark back.</summary>
    /// <remarks>
    /// Items a channel sent before its end may still wait to be applied, in its last epoch (an input that ended in
    /// epoch 25 sent items of 25 after its progress to 25) or in later ones (an operator upstream that applied held
    /// epochs at EOF sent their output without progress between them). They were stamped against the watermark the
    /// channel carried last, and the end must not make them late: the receiver passes the latest epoch that holds items
    /// of any channel, which bounds this one's.
    /// </remarks>
    public void RecordEnd(int channel, long latestEpochWithItems) =>
        _pending[channel].Enqueue((Math.Max(_lastFrontier[channel], latestEpochWithItems) + 1, _maxTicks));

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
        AssertInvariants();
        return true;
    }

    /// <summary>Checks, in debug builds, that the watermark is within its floor and the last representable time, and that each channel's pending progress is in frontier order.</summary>
    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(Value >= Floor && Value <= _maxTicks, $"the watermark {Value} is outside [{Floor}, {_maxTicks}]");
        foreach (var pending in _pending)
        {
            var previous = long.MinValue;
            foreach (var (frontier, _) in pending)
            {
                Debug.Assert(frontier >= previous, $"a channel's progress to {frontier} waits behind its progress to {previous}");
                previous = frontier;
            }
        }
    }
}
