using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>Encodes a batch of records with their serde: each record as a 4-byte little-endian length and its bytes.</summary>
internal sealed class ExchangeCodec<T>(ISerde<T> serde) : IExchangeCodec
{
    public void Encode(Array items, int count, ArrayBufferWriter<byte> writer)
    {
        var records = (T[])items;
        for (var i = 0; i < count; i++)
        {
            // Each record goes straight into the writer behind a length that is filled in once it is known.
            var lengthAt = writer.WrittenCount;
            writer.GetSpan(4);
            writer.Advance(4);
            serde.Serialize(records[i], writer);
            var length = writer.WrittenCount - lengthAt - 4;
            BinaryPrimitives.WriteInt32LittleEndian(MemoryMarshal.AsMemory(writer.WrittenMemory).Span.Slice(lengthAt, 4), length);
        }
    }

    public Array Decode(ReadOnlySequence<byte> bytes, int count) => ContiguousBatch.Decode(bytes, count, Decode);

    private T[] Decode(ReadOnlySpan<byte> bytes, int count)
    {
        var records = ArrayPool<T>.Shared.Rent(Math.Max(count, 1));
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            var length = bytes.Length - at >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]) : -1;
            if (length < 0 || bytes.Length - at - 4 < length)
            {
                ArrayPool<T>.Shared.Return(records, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
                throw new SerdeException($"exchange batch of {typeof(T).Name} is truncated at record {i} of {count}");
            }

            records[i] = serde.Deserialize(bytes.Slice(at + 4, length));
            at += 4 + length;
        }

        return records;
    }

    public void Return(Array items, int count) => PooledBatch.Return((T[])items, count);
}
