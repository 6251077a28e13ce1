using System.Buffers;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow;

/// <summary>The format of a <see cref="JoinSide{TLeft,TRight}"/>: one byte, 0 for left and 1 for right, then the value through its side's serde.</summary>
internal sealed class JoinSideSerde<TLeft, TRight> : ISerde<JoinSide<TLeft, TRight>>
{
    private readonly ISerde<TLeft> _left = Serde.For<TLeft>();
    private readonly ISerde<TRight> _right = Serde.For<TRight>();

    public void Serialize(JoinSide<TLeft, TRight> value, IBufferWriter<byte> writer)
    {
        writer.GetSpan(1)[0] = value.IsLeft ? (byte)0 : (byte)1;
        writer.Advance(1);
        if (value.IsLeft)
        {
            _left.Serialize(value.Left!, writer);
        }
        else
        {
            _right.Serialize(value.Right!, writer);
        }
    }

    public JoinSide<TLeft, TRight> Deserialize(ReadOnlySpan<byte> bytes) => bytes.IsEmpty
        ? throw new SerdeException("a join side needs a side byte; got 0 bytes")
        : bytes[0] switch
        {
            0 => JoinSide<TLeft, TRight>.OfLeft(_left.Deserialize(bytes[1..])),
            1 => JoinSide<TLeft, TRight>.OfRight(_right.Deserialize(bytes[1..])),
            var other => throw new SerdeException($"a join side byte is 0 (left) or 1 (right); got {other}"),
        };
}
