using System.Buffers;

namespace Orleans.Dataflow.Serialization;

/// <summary>The serde of a pair: each element through its own serde.</summary>
internal sealed class PairSerde<T1, T2> : ISerde<(T1, T2)>
{
    private readonly ISerde<T1> _first = Serde.For<T1>();
    private readonly ISerde<T2> _second = Serde.For<T2>();

    public void Serialize((T1, T2) value, IBufferWriter<byte> writer)
    {
        LengthPrefixed.Write(_first, value.Item1, writer);
        LengthPrefixed.Write(_second, value.Item2, writer);
    }

    public (T1, T2) Deserialize(ReadOnlySpan<byte> bytes)
    {
        var first = LengthPrefixed.Read(_first, ref bytes);
        var second = LengthPrefixed.Read(_second, ref bytes);
        LengthPrefixed.ExpectEnd(bytes, typeof((T1, T2)));
        return (first, second);
    }
}
