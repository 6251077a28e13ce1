using System.Buffers;

namespace Orleans.Dataflow.Serialization;

/// <summary>The serde of a triple: each element through its own serde.</summary>
internal sealed class TripleSerde<T1, T2, T3> : ISerde<(T1, T2, T3)>
{
    private readonly ISerde<T1> _first = Serde.For<T1>();
    private readonly ISerde<T2> _second = Serde.For<T2>();
    private readonly ISerde<T3> _third = Serde.For<T3>();

    public void Serialize((T1, T2, T3) value, IBufferWriter<byte> writer)
    {
        LengthPrefixed.Write(_first, value.Item1, writer);
        LengthPrefixed.Write(_second, value.Item2, writer);
        LengthPrefixed.Write(_third, value.Item3, writer);
    }

    public (T1, T2, T3) Deserialize(ReadOnlySpan<byte> bytes)
    {
        var first = LengthPrefixed.Read(_first, ref bytes);
        var second = LengthPrefixed.Read(_second, ref bytes);
        var third = LengthPrefixed.Read(_third, ref bytes);
        LengthPrefixed.ExpectEnd(bytes, typeof((T1, T2, T3)));
        return (first, second, third);
    }
}
