using System.Buffers;
using System.Buffers.Binary;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Windowing;

/// <summary>The format of a window key's snapshot in the recovery store.</summary>
/// <remarks>
/// Length-prefixed clock bytes and windower bytes; a count (4 bytes) and per window its id (8 bytes) and
/// length-prefixed state; a count and per queued item its length-prefixed value and UTC ticks (8 bytes). All
/// little-endian; lengths are 4 bytes.
/// </remarks>
internal sealed class WindowSnapshotSerde<TValue, TState>(ISerde<TValue> valueSerde, ISerde<TState> stateSerde) : ISerde<WindowSnapshot<TValue, TState>>
{
    private static readonly ISerde<byte[]> _bytes = Serde.For<byte[]>();
    private static readonly ISerde<long> _int64 = Serde.For<long>();

    public void Serialize(WindowSnapshot<TValue, TState> value, IBufferWriter<byte> writer)
    {
        LengthPrefixed.Write(_bytes, value.Clock, writer);
        LengthPrefixed.Write(_bytes, value.Windower, writer);
        WriteCount(value.Windows.Count, writer);
        foreach (var (id, state) in value.Windows)
        {
            _int64.Serialize(id, writer);
            LengthPrefixed.Write(stateSerde, state, writer);
        }

        WriteCount(value.Queue.Count, writer);
        foreach (var (item, timestamp) in value.Queue)
        {
            LengthPrefixed.Write(valueSerde, item, writer);
            _int64.Serialize(timestamp.UtcTicks, writer);
        }
    }

    public WindowSnapshot<TValue, TState> Deserialize(ReadOnlySpan<byte> bytes)
    {
        var clock = LengthPrefixed.Read(_bytes, ref bytes);
        var windower = LengthPrefixed.Read(_bytes, ref bytes);
        var windows = new List<(long, TState)>();
        for (var count = ReadCount(ref bytes); count > 0; count--)
        {
            var id = ReadInt64(ref bytes);
            windows.Add((id, LengthPrefixed.Read(stateSerde, ref bytes)));
        }

        var queue = new List<(TValue, DateTimeOffset)>();
        for (var count = ReadCount(ref bytes); count > 0; count--)
        {
            var item = LengthPrefixed.Read(valueSerde, ref bytes);
            queue.Add((item, TimeMath.Utc(ReadInt64(ref bytes))));
        }

        LengthPrefixed.ExpectEnd(bytes, typeof(WindowSnapshot<TValue, TState>));
        return new WindowSnapshot<TValue, TState>(clock, windower, windows, queue);
    }

    private static void WriteCount(int count, IBufferWriter<byte> writer)
    {
        BinaryPrimitives.WriteInt32LittleEndian(writer.GetSpan(4), count);
        writer.Advance(4);
    }

    private static int ReadCount(ref ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4)
        {
            throw new SerdeException($"a window snapshot is truncated: a count needs 4 bytes, {bytes.Length} left");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        bytes = bytes[4..];
        if (count < 0 || count > bytes.Length)
        {
            throw new SerdeException($"a window snapshot claims {count} entries in {bytes.Length} bytes");
        }

        return count;
    }

    private static long ReadInt64(ref ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8)
        {
            throw new SerdeException($"a window snapshot is truncated: an id or time needs 8 bytes, {bytes.Length} left");
        }

        var value = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        bytes = bytes[8..];
        return value;
    }
}
