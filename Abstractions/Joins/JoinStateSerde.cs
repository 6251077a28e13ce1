using System.Buffers;
using System.Buffers.Binary;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow;

/// <summary>The format of a join's state: per side (left, then right), a count (4 bytes, little-endian) and each value length-prefixed.</summary>
internal sealed class JoinStateSerde<TLeft, TRight> : ISerde<JoinState<TLeft, TRight>>
{
    private readonly ISerde<TLeft> _left = Serde.For<TLeft>();
    private readonly ISerde<TRight> _right = Serde.For<TRight>();

    public void Serialize(JoinState<TLeft, TRight> value, IBufferWriter<byte> writer)
    {
        Write(_left, value.Left, writer);
        Write(_right, value.Right, writer);
    }

    public JoinState<TLeft, TRight> Deserialize(ReadOnlySpan<byte> bytes)
    {
        var left = Read(_left, ref bytes);
        var right = Read(_right, ref bytes);
        LengthPrefixed.ExpectEnd(bytes, typeof(JoinState<TLeft, TRight>));
        return new JoinState<TLeft, TRight>(left, right);
    }

    private static void Write<T>(ISerde<T> serde, List<T> values, IBufferWriter<byte> writer)
    {
        BinaryPrimitives.WriteInt32LittleEndian(writer.GetSpan(4), values.Count);
        writer.Advance(4);
        foreach (var value in values)
        {
            LengthPrefixed.Write(serde, value, writer);
        }
    }

    private static List<T> Read<T>(ISerde<T> serde, ref ReadOnlySpan<byte> bytes)
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

        var values = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            values.Add(LengthPrefixed.Read(serde, ref bytes));
        }

        return values;
    }
}
