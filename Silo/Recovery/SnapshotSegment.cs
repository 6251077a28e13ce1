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
    public static byte[] Write(IReadOnlyCollection<(string Key, byte[]? State)> snapshots)
    {
        var writer = new ArrayBufferWriter<byte>(4 + (snapshots.Count * 32));
        WriteInt32(writer, snapshots.Count);
        foreach (var (key, state) in snapshots)
        {
            var keyLength = Encoding.UTF8.GetByteCount(key);
            WriteInt32(writer, keyLength);
            Encoding.UTF8.GetBytes(key, writer.GetSpan(keyLength));
            writer.Advance(keyLength);
            WriteInt32(writer, state?.Length ?? Tombstone);
            if (state is not null)
            {
                writer.Write(state);
            }
        }

        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a segment, calling <paramref name="apply"/> for each snapshot in order (null state: a tombstone).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a whole segment.</exception>
    public static void Read(ReadOnlySpan<byte> body, Action<string, byte[]?> apply)
    {
        var count = ReadInt32(ref body);
        for (var i = 0; i < count; i++)
        {
            var keyLength = ReadInt32(ref body);
            var key = Encoding.UTF8.GetString(Take(ref body, keyLength));
            var stateLength = ReadInt32(ref body);
            apply(key, stateLength == Tombstone ? null : Take(ref body, stateLength).ToArray());
        }

        if (!body.IsEmpty)
        {
            throw new InvalidDataException($"a snapshot segment has {body.Length} bytes after its {count} snapshots");
        }
    }

    private static void WriteInt32(ArrayBufferWriter<byte> writer, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(writer.GetSpan(4), value);
        writer.Advance(4);
    }

    private static int ReadInt32(ref ReadOnlySpan<byte> body) => BinaryPrimitives.ReadInt32LittleEndian(Take(ref body, 4));

    private static ReadOnlySpan<byte> Take(ref ReadOnlySpan<byte> body, int length)
    {
        if (length < 0 || length > body.Length)
        {
            throw new InvalidDataException($"a snapshot segment is cut short: {length} bytes wanted, {body.Length} left");
        }

        var taken = body[..length];
        body = body[length..];
        return taken;
    }
}
