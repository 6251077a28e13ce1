using System.Buffers;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow;

/// <summary>The format of a labelled join item: one byte, the side (0 for the first), then the value through its side's serde.</summary>
internal class JoinItemSerde<TItem>(JoinShape<TItem> shape) : ISerde<TItem>
{
    public void Serialize(TItem value, IBufferWriter<byte> writer)
    {
        writer.GetSpan(1)[0] = (byte)shape.SideOf(value);
        writer.Advance(1);
        shape.WriteValue(value, writer);
    }

    public TItem Deserialize(ReadOnlySpan<byte> bytes) => bytes.IsEmpty
        ? throw new SerdeException("a join side needs a side byte; got 0 bytes")
        : bytes[0] < shape.Count
            ? shape.ReadValue(bytes[0], bytes[1..])
            : throw new SerdeException($"a join side byte is below {shape.Count}, the join's number of sides; got {bytes[0]}");
}

/// <summary>The format of a <see cref="JoinSide{TLeft,TRight}"/>: 0 for left and 1 for right, then the value.</summary>
internal sealed class JoinSideSerde<TLeft, TRight>() : JoinItemSerde<JoinSide<TLeft, TRight>>(new TwoWayJoin<TLeft, TRight>());

/// <summary>The format of a <see cref="JoinSide{T1,T2,T3}"/>: the side from 0 to 2, then the value.</summary>
internal sealed class JoinSideSerde<T1, T2, T3>() : JoinItemSerde<JoinSide<T1, T2, T3>>(new ThreeWayJoin<T1, T2, T3>());

/// <summary>The format of a <see cref="JoinSide{T1,T2,T3,T4}"/>: the side from 0 to 3, then the value.</summary>
internal sealed class JoinSideSerde<T1, T2, T3, T4>() : JoinItemSerde<JoinSide<T1, T2, T3, T4>>(new FourWayJoin<T1, T2, T3, T4>());

/// <summary>The format of a <see cref="JoinSide{TValue}"/>: the side (any byte), then the value.</summary>
internal sealed class JoinSideSerde<TValue>() : JoinItemSerde<JoinSide<TValue>>(new ManyWayJoin<TValue>(JoinSide<TValue>.MaxSides));
