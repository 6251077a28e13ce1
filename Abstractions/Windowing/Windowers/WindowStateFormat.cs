using System.Buffers;
using System.Buffers.Binary;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Windowing;

/// <summary>The snapshot formats of the built-in windowers: little-endian integers and UTC ticks.</summary>
/// <remarks>
/// A window's metadata is its open and close ticks (8 bytes each), then the count (4 bytes) and ids (8 bytes each)
/// of the windows merged into it. Sliding: a count, then (id, metadata) per open window. Session: the last id given
/// out, a count and (id, metadata) per open session in opening order, then a count and (original, target) per
/// pending merge. Golden-byte tests pin these bytes: append only.
/// </remarks>
internal static class WindowStateFormat
{
    public static byte[] WriteSliding(Dictionary<long, WindowMetadata> open)
    {
        var writer = new ArrayBufferWriter<byte>(4 + (open.Count * 28));
        WriteInt32(writer, open.Count);
        foreach (var (id, meta) in open.OrderBy(window => window.Key))
        {
            WriteInt64(writer, id);
            WriteMetadata(writer, meta);
        }

        return writer.WrittenSpan.ToArray();
    }

    public static Dictionary<long, WindowMetadata> ReadSliding(byte[] bytes)
    {
        var reader = new Reader(bytes, "sliding windower");
        var count = reader.Count();
        var open = new Dictionary<long, WindowMetadata>(count);
        for (var i = 0; i < count; i++)
        {
            var id = reader.Int64();
            open[id] = reader.Metadata();
        }

        reader.ExpectEnd();
        return open;
    }

    public static byte[] WriteSession(SessionState state)
    {
        var writer = new ArrayBufferWriter<byte>(16 + (state.Sessions.Count * 28));
        WriteInt64(writer, state.MaxId);
        WriteInt32(writer, state.Sessions.Count);
        foreach (var (id, meta) in state.Sessions)
        {
            WriteInt64(writer, id);
            WriteMetadata(writer, meta);
        }

        WriteInt32(writer, state.MergeQueue.Count);
        foreach (var (original, target) in state.MergeQueue)
        {
            WriteInt64(writer, original);
            WriteInt64(writer, target);
        }

        return writer.WrittenSpan.ToArray();
    }

    public static SessionState ReadSession(byte[] bytes)
    {
        var reader = new Reader(bytes, "session windower");
        var maxId = reader.Int64();
        var sessions = new List<(long, WindowMetadata)>();
        for (var count = reader.Count(); count > 0; count--)
        {
            sessions.Add((reader.Int64(), reader.Metadata()));
        }

        var merges = new List<(long, long)>();
        for (var count = reader.Count(); count > 0; count--)
        {
            merges.Add((reader.Int64(), reader.Int64()));
        }

        reader.ExpectEnd();
        return new SessionState(maxId, sessions, merges);
    }

    private static void WriteMetadata(ArrayBufferWriter<byte> writer, WindowMetadata meta)
    {
        WriteInt64(writer, meta.OpenTime.UtcTicks);
        WriteInt64(writer, meta.CloseTime.UtcTicks);
        WriteInt32(writer, meta.MergedIds.Count);
        foreach (var id in meta.MergedIds.Order())
        {
            WriteInt64(writer, id);
        }
    }

    private static void WriteInt64(ArrayBufferWriter<byte> writer, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(writer.GetSpan(8), value);
        writer.Advance(8);
    }

    private static void WriteInt32(ArrayBufferWriter<byte> writer, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(writer.GetSpan(4), value);
        writer.Advance(4);
    }

    /// <summary>Reads a snapshot front to back, failing with what was expected when the bytes run out.</summary>
    private ref struct Reader(ReadOnlySpan<byte> bytes, string what)
    {
        private ReadOnlySpan<byte> _rest = bytes;

        public long Int64()
        {
            Need(8);
            var value = BinaryPrimitives.ReadInt64LittleEndian(_rest);
            _rest = _rest[8..];
            return value;
        }

        public int Count()
        {
            Need(4);
            var value = BinaryPrimitives.ReadInt32LittleEndian(_rest);
            _rest = _rest[4..];
            if (value < 0 || value > _rest.Length / 8)
            {
                throw new SerdeException($"a {what} snapshot claims {value} entries in {_rest.Length} bytes");
            }

            return value;
        }

        public WindowMetadata Metadata()
        {
            var open = TimeMath.Utc(Int64());
            var close = TimeMath.Utc(Int64());
            var merged = new List<long>();
            for (var count = Count(); count > 0; count--)
            {
                merged.Add(Int64());
            }

            return new WindowMetadata(open, close, merged);
        }

        public readonly void ExpectEnd()
        {
            if (!_rest.IsEmpty)
            {
                throw new SerdeException($"{_rest.Length} bytes left over after a {what} snapshot");
            }
        }

        private readonly void Need(int count)
        {
            if (_rest.Length < count)
            {
                throw new SerdeException($"a {what} snapshot is truncated: needed {count} more bytes, {_rest.Length} left");
            }
        }
    }
}
