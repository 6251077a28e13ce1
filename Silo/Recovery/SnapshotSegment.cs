using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Orleans.Dataflow.Silo.Recovery;

/// <summary>The bytes of one segment: the snapshots one write (or one compaction) stores together, for one step.</summary>
/// <remarks>
/// Little-endian: an int32 count, then per snapshot an int32 key length, the key in UTF-8, an int32 state length
/// (-1 for a tombstone) and the state. One row per write instead of one per key is what lets a store keep up with
/// epochs that change a hundred thousand keys. Golden-byte tests pin the format: change it only with the store's format.
/// </remarks>
internal static class SnapshotSegment
{
    private const int Tombstone = -1;

    /// <summary>Encodes <paramref name="snapshots"/> in order.</summary>
    public static byte[] Write(IReadOnlyCollection<(string Key, byte[]? State)> snapshots) =>
        Write(snapshots.Count, snapshots.Select(s => (s.Key, s.State is null ? (ReadOnlyMemory<byte>?)null : s.State)));

    /// <summary>Encodes <paramref name="count"/> snapshots whose states are slices of other buffers (null: a tombstone), in order.</summary>
    public static byte[] Write(int count, IEnumerable<(string Key, ReadOnlyMemory<byte>? State)> snapshots)
    {
        var writer = new ArrayBufferWriter<byte>(4 + (count * 32));
        WriteInt32(writer, count);
        var written = 0;
        foreach (var (key, state) in snapshots)
        {
            var keyLength = Encoding.UTF8.GetByteCount(key);
            WriteInt32(writer, keyLength);
            Encoding.UTF8.GetBytes(key, writer.GetSpan(keyLength));
            writer.Advance(keyLength);
            WriteInt32(writer, state?.Length ?? Tombstone);
            if (state is { } bytes)
            {
                writer.Write(bytes.Span);
            }

            written++;
        }

        if (written != count)
        {
            throw new ArgumentException($"{written} snapshots given for a count of {count}", nameof(count));
        }

        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a segment, calling <paramref name="apply"/> for each snapshot in order (null state: a tombstone).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a whole segment.</exception>
    public static void Read(byte[] body, Action<string, byte[]?> apply) =>
        Read(body, (string key, ReadOnlyMemory<byte>? state) => apply(key, state?.ToArray()));

    /// <summary>Decodes a segment, handing each state as a slice of <paramref name="body"/> (no copy; null: a tombstone), in order.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a whole segment.</exception>
    public static void Read(byte[] body, Action<string, ReadOnlyMemory<byte>?> apply)
    {
        var at = 0;
        var count = ReadInt32(body, ref at);
        for (var i = 0; i < count; i++)
        {
            var keyLength = ReadInt32(body, ref at);
            var key = Encoding.UTF8.GetString(Take(body, ref at, keyLength).Span);
            var stateLength = ReadInt32(body, ref at);
            apply(key, stateLength == Tombstone ? (ReadOnlyMemory<byte>?)null : Take(body, ref at, stateLength));
        }

        if (at != body.Length)
        {
            throw new InvalidDataException($"a snapshot segment has {body.Length - at} bytes after its {count} snapshots");
        }
    }

    private static void WriteInt32(ArrayBufferWriter<byte> writer, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(writer.GetSpan(4), value);
        writer.Advance(4);
    }

    private static int ReadInt32(byte[] body, ref int at) => BinaryPrimitives.ReadInt32LittleEndian(Take(body, ref at, 4).Span);

    private static ReadOnlyMemory<byte> Take(byte[] body, ref int at, int length)
    {
        if (length < 0 || length > body.Length - at)
        {
            throw new InvalidDataException($"a snapshot segment is cut short: {length} bytes wanted, {body.Length - at} left");
        }

        var taken = new ReadOnlyMemory<byte>(body, at, length);
        at += length;
        return taken;
    }
}
