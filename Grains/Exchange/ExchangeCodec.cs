using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>Encodes a batch of records with their serde: each record as a 4-byte little-endian length and its bytes.</summary>
internal sealed class ExchangeCodec<T>(ISerde<T> serde) : IExchangeCodec
{
    public void Encode(Array items, int count, IBufferWriter<byte> writer)
    {
        var records = (T[])items;
        var record = new ArrayBufferWriter<byte>(64);
        for (var i = 0; i < count; i++)
        {
            record.ResetWrittenCount();
            serde.Serialize(records[i], record);
            BinaryPrimitives.WriteInt32LittleEndian(writer.GetSpan(4), record.WrittenCount);
            writer.Advance(4);
            writer.Write(record.WrittenSpan);
        }
    }

    public Array Decode(ReadOnlySequence<byte> bytes, int count)
    {
        var records = ArrayPool<T>.Shared.Rent(Math.Max(count, 1));
        var reader = new SequenceReader<byte>(bytes);
        for (var i = 0; i < count; i++)
        {
            if (!reader.TryReadLittleEndian(out int length) || length < 0 || reader.Remaining < length)
            {
                throw new SerdeException($"exchange batch of {typeof(T).Name} is truncated at record {i} of {count}");
            }

            var slice = bytes.Slice(reader.Position, length);
            records[i] = slice.IsSingleSegment ? serde.Deserialize(slice.FirstSpan) : serde.Deserialize(slice.ToArray());
            reader.Advance(length);
        }

        return records;
    }

    public void Return(Array items) => ArrayPool<T>.Shared.Return((T[])items, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
}
