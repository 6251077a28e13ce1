using System.Buffers;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow;

/// <summary>The sides of a two-way join: <see cref="JoinSide{TLeft,TRight}"/> items, <c>(left, right)</c> rows.</summary>
internal sealed class TwoWayJoin<TLeft, TRight> : JoinShape<JoinSide<TLeft, TRight>, (TLeft?, TRight?)>
{
    private readonly ISerde<TLeft> _left = Serde.For<TLeft>();
    private readonly ISerde<TRight> _right = Serde.For<TRight>();

    public override int Count => 2;

    public override int SideOf(JoinSide<TLeft, TRight> item) => item.IsLeft ? 0 : 1;

    public override (TLeft?, TRight?) Row(ReadOnlySpan<JoinSide<TLeft, TRight>> picks) => (picks[0].Left, picks[1].Right);

    public override void WriteValue(JoinSide<TLeft, TRight> item, IBufferWriter<byte> writer)
    {
        if (item.IsLeft)
        {
            _left.Serialize(item.Left!, writer);
        }
        else
        {
            _right.Serialize(item.Right!, writer);
        }
    }

    public override JoinSide<TLeft, TRight> ReadValue(int side, ReadOnlySpan<byte> bytes) => side == 0
        ? JoinSide<TLeft, TRight>.OfLeft(_left.Deserialize(bytes))
        : JoinSide<TLeft, TRight>.OfRight(_right.Deserialize(bytes));
}

/// <summary>The sides of a three-way join: <see cref="JoinSide{T1,T2,T3}"/> items, <c>(first, second, third)</c> rows.</summary>
internal sealed class ThreeWayJoin<T1, T2, T3> : JoinShape<JoinSide<T1, T2, T3>, (T1?, T2?, T3?)>
{
    private readonly ISerde<T1> _first = Serde.For<T1>();
    private readonly ISerde<T2> _second = Serde.For<T2>();
    private readonly ISerde<T3> _third = Serde.For<T3>();

    public override int Count => 3;

    public override int SideOf(JoinSide<T1, T2, T3> item) => item.Side;

    public override (T1?, T2?, T3?) Row(ReadOnlySpan<JoinSide<T1, T2, T3>> picks) => (picks[0].First, picks[1].Second, picks[2].Third);

    public override void WriteValue(JoinSide<T1, T2, T3> item, IBufferWriter<byte> writer)
    {
        switch (item.Side)
        {
            case 0:
                _first.Serialize(item.First!, writer);
                break;
            case 1:
                _second.Serialize(item.Second!, writer);
                break;
            default:
                _third.Serialize(item.Third!, writer);
                break;
        }
    }

    public override JoinSide<T1, T2, T3> ReadValue(int side, ReadOnlySpan<byte> bytes) => side switch
    {
        0 => JoinSide<T1, T2, T3>.OfFirst(_first.Deserialize(bytes)),
        1 => JoinSide<T1, T2, T3>.OfSecond(_second.Deserialize(bytes)),
        _ => JoinSide<T1, T2, T3>.OfThird(_third.Deserialize(bytes)),
    };
}

/// <summary>The sides of a four-way join: <see cref="JoinSide{T1,T2,T3,T4}"/> items, <c>(first, second, third, fourth)</c> rows.</summary>
internal sealed class FourWayJoin<T1, T2, T3, T4> : JoinShape<JoinSide<T1, T2, T3, T4>, (T1?, T2?, T3?, T4?)>
{
    private readonly ISerde<T1> _first = Serde.For<T1>();
    private readonly ISerde<T2> _second = Serde.For<T2>();
    private readonly ISerde<T3> _third = Serde.For<T3>();
    private readonly ISerde<T4> _fourth = Serde.For<T4>();

    public override int Count => 4;

    public override int SideOf(JoinSide<T1, T2, T3, T4> item) => item.Side;

    public override (T1?, T2?, T3?, T4?) Row(ReadOnlySpan<JoinSide<T1, T2, T3, T4>> picks) =>
        (picks[0].First, picks[1].Second, picks[2].Third, picks[3].Fourth);

    public override void WriteValue(JoinSide<T1, T2, T3, T4> item, IBufferWriter<byte> writer)
    {
        switch (item.Side)
        {
            case 0:
                _first.Serialize(item.First!, writer);
                break;
            case 1:
                _second.Serialize(item.Second!, writer);
                break;
            case 2:
                _third.Serialize(item.Third!, writer);
                break;
            default:
                _fourth.Serialize(item.Fourth!, writer);
                break;
        }
    }

    public override JoinSide<T1, T2, T3, T4> ReadValue(int side, ReadOnlySpan<byte> bytes) => side switch
    {
        0 => JoinSide<T1, T2, T3, T4>.OfFirst(_first.Deserialize(bytes)),
        1 => JoinSide<T1, T2, T3, T4>.OfSecond(_second.Deserialize(bytes)),
        2 => JoinSide<T1, T2, T3, T4>.OfThird(_third.Deserialize(bytes)),
        _ => JoinSide<T1, T2, T3, T4>.OfFourth(_fourth.Deserialize(bytes)),
    };
}

/// <summary>The sides of a join of <see cref="Count"/> streams of one type: <see cref="JoinSide{TValue}"/> items, arrays as rows.</summary>
/// <param name="count">The number of sides; a labelled item's serde, which does not know it, passes <see cref="JoinSide{TValue}.MaxSides"/>.</param>
internal sealed class ManyWayJoin<TValue>(int count) : JoinShape<JoinSide<TValue>, TValue?[]>
{
    private readonly ISerde<TValue> _values = Serde.For<TValue>();

    public override int Count => count;

    public override int SideOf(JoinSide<TValue> item) => item.Side;

    public override TValue?[] Row(ReadOnlySpan<JoinSide<TValue>> picks)
    {
        var row = new TValue?[picks.Length];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = picks[i].Value;
        }

        return row;
    }

    public override void WriteValue(JoinSide<TValue> item, IBufferWriter<byte> writer) => _values.Serialize(item.Value, writer);

    public override JoinSide<TValue> ReadValue(int side, ReadOnlySpan<byte> bytes) => new(side, _values.Deserialize(bytes));
}
