using System.Buffers;
using System.Buffers.Binary;

namespace Orleans.Dataflow.Serialization;

/// <summary>Writes each tuple element with its own serde, prefixed by its length (4 bytes, little-endian).</summary>
internal static class LengthPrefixed
{
    public static void Write<T>(ISerde<T> serde, T value, IBufferWriter<byte> writer)
    {
        var element = new ArrayBufferWriter<byte>(32);
        serde.Serialize(value, element);
        BinaryPrimitives.WriteInt32LittleEndian(writer.GetSpan(4), element.WrittenCount);
        writer.Advance(4);
        writer.Write(element.WrittenSpan);
    }

    public static T Read<T>(ISerde<T> serde, ref ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4)
        {
            throw new SerdeException($"a tuple element of {typeof(T).Name} needs a 4-byte length; {bytes.Length} bytes left");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        if (length < 0 || length > bytes.Length - 4)
        {
            throw new SerdeException($"a tuple element of {typeof(T).Name} claims {length} bytes; {bytes.Length - 4} left");
        }

        var value = serde.Deserialize(bytes.Slice(4, length));
        bytes = bytes[(4 + length)..];
        return value;
    }

    public static void ExpectEnd(ReadOnlySpan<byte> rest, Type tuple)
    {
        if (!rest.IsEmpty)
        {
            throw new SerdeException($"{rest.Length} bytes left over after reading a {tuple.Name}");
        }
    }
}
