using System.Diagnostics;

namespace Orleans.Dataflow.Grains.Progress;

/// <summary>The input frontier of one operator: the smallest epoch any of its upstream channels may still send.</summary>
/// <remarks>
/// A channel is one sender on one input port: a fused upstream operator, or one worker of an exchange. A
/// channel's frontier only moves forward; <see cref="long.MaxValue"/> means the channel has ended (EOF).
/// Not thread-safe: owned by one worker.
/// </remarks>
[DebuggerDisplay("{Value} over {ChannelCount} channels")]
internal sealed class Frontier
{
    /// <summary>The frontier of a channel that will send nothing more.</summary>
    public const long Eof = long.MaxValue;

    private readonly long[] _channels;

    public Frontier(int channelCount, long startEpoch)
    {
        _channels = new long[channelCount];
        Array.Fill(_channels, startEpoch);
        Value = channelCount == 0 ? Eof : startEpoch;
    }

    /// <summary>The smallest frontier over all channels: every epoch below it is closed on every channel.</summary>
    public long Value { get; private set; }

    public int ChannelCount => _channels.Length;

    /// <summary>Moves <paramref name="channel"/> to <paramref name="frontier"/>; returns true when that moved <see cref="Value"/>.</summary>
    public bool Advance(int channel, long frontier)
    {
        if (frontier <= _channels[channel])
        {
            return false;
        }

        _channels[channel] = frontier;
        var min = Eof;
        foreach (var f in _channels)
        {
            min = Math.Min(min, f);
        }

        if (min == Value)
        {
            return false;
        }

        Debug.Assert(min > Value, $"the frontier went back from {Value} to {min}");
        Value = min;
        return true;
    }
}
