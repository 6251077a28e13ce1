using System.Buffers;
using System.Buffers.Binary;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow;

/// <summary>The format of a join's state: per side, in order, a count (4 bytes, little-endian) and each value length-prefixed, without its side.</summary>
/// <remarks>The number of sides is the join's, not written: a two-way join's state is the left side, then the right.</remarks>
internal sealed class JoinStateSerde<TItem>(JoinShape<TItem> shape) : ISerde<JoinState<TItem>>
{
    public void Serialize(JoinState<TItem> value, IBufferWriter<byte> writer)
    {
        var element = new ArrayBufferWriter<byte>(32);
        foreach (var side in value.Sides)
        {
            BinaryPrimitives.WriteInt32LittleEndian(writer.GetSpan(4), side.Count);
            writer.Advance(4);
            foreach (var item in side)
            {
                element.ResetWrittenCount();
                shape.WriteValue(item, element);
                BinaryPrimitives.WriteInt32LittleEndian(writer.GetSpan(4), element.WrittenCount);
                writer.Advance(4);
                writer.Write(element.WrittenSpan);
            }
        }
    }

    public JoinState<TItem> Deserialize(ReadOnlySpan<byte> bytes)
    {
        var sides = new List<TItem>[shape.Count];
        for (var side = 0; side < sides.Length; side++)
        {
            sides[side] = Read(side, ref bytes);
        }

        LengthPrefixed.ExpectEnd(bytes, typeof(JoinState<TItem>));
        return new JoinState<TItem>(sides);
    }

    private List<TItem> Read(int side, ref ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4)
        {
            throw new SerdeException($"a join state is truncated: a side's count needs 4 bytes, {bytes.Length} left");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        bytes = bytes[4..];
        if (count < 0 || count > bytes.Length / 4)
        {
            throw new SerdeException($"a join state claims {count} values in {bytes.Length} bytes");
        }

        var values = new List<TItem>(count);
        for (var i = 0; i < count; i++)
        {
            if (bytes.Length < 4)
            {
                throw new SerdeException($"a join state value of side {side} needs a 4-byte length; {bytes.Length} bytes left");
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes);
            if (length < 0 || length > bytes.Length - 4)
            {
                throw new SerdeException($"a join state value of side {side} claims {length} bytes; {bytes.Length - 4} left");
            }

            values.Add(shape.ReadValue(side, bytes.Slice(4, length)));
            bytes = bytes[(4 + length)..];
        }

        return values;
    }
}
