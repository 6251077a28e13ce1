using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>Encodes a batch of keyed records (a key and a value) as <see cref="ExchangeCodec{T}"/> does with the pair's serde, byte for byte, without the pair serde's buffer per element.</summary>
/// <remarks>
/// Each record: a 4-byte little-endian length, then the key and the value, each as a 4-byte length and its serde
/// bytes. Lengths are reserved and filled in once the bytes behind them are written. A key is read back as a new
/// string: looking it up among the keys read before, to hand on the instance the stateful step already holds, cost
/// more than the string and the step's comparison by characters it saves (W2 on 2 silos, 1 000 and 100 000 keys).
/// </remarks>
internal sealed class KeyedExchangeCodec<TValue>(ISerde<string> keys, ISerde<TValue> values) : IExchangeCodec
{
    public void Encode(Array items, int count, ArrayBufferWriter<byte> writer)
    {
        var records = ((string Key, TValue Value)[])items;
        for (var i = 0; i < count; i++)
        {
            var recordAt = Reserve(writer);
            var keyAt = Reserve(writer);
            keys.Serialize(records[i].Key, writer);
            FillLength(writer, keyAt);
            var valueAt = Reserve(writer);
            values.Serialize(records[i].Value, writer);
            FillLength(writer, valueAt);
            FillLength(writer, recordAt);
        }
    }

    public Array Decode(ReadOnlySequence<byte> bytes, int count) => ContiguousBatch.Decode(bytes, count, Decode);

    public void Return(Array items, int count) => PooledBatch.Return(((string Key, TValue Value)[])items, count);

    private (string Key, TValue Value)[] Decode(ReadOnlySpan<byte> bytes, int count)
    {
        var records = ArrayPool<(string Key, TValue Value)>.Shared.Rent(Math.Max(count, 1));
        var rest = bytes;
        for (var i = 0; i < count; i++)
        {
            if (!TrySlice(ref rest, out var record))
            {
                ArrayPool<(string Key, TValue Value)>.Shared.Return(records, clearArray: true);
                throw new SerdeException($"exchange batch of {typeof((string, TValue)).Name} is truncated at record {i} of {count}");
            }

            if (!TrySlice(ref record, out var key) || !TrySlice(ref record, out var value) || !record.IsEmpty)
            {
                ArrayPool<(string Key, TValue Value)>.Shared.Return(records, clearArray: true);
                throw new SerdeException($"record {i} of {count} of an exchange batch is not a key and a value of {typeof(TValue).Name}, each behind a 4-byte length");
            }

            records[i] = (keys.Deserialize(key), values.Deserialize(value));
        }

        return records;
    }

    /// <summary>Takes the next length-prefixed slice off <paramref name="bytes"/>; false if its length is not there or claims more than is left.</summary>
    private static bool TrySlice(ref ReadOnlySpan<byte> bytes, out ReadOnlySpan<byte> slice)
    {
        var length = bytes.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(bytes) : -1;
        if (length < 0 || bytes.Length - 4 < length)
        {
            slice = default;
            return false;
        }

        slice = bytes.Slice(4, length);
        bytes = bytes[(4 + length)..];
        return true;
    }

    private static int Reserve(ArrayBufferWriter<byte> writer)
    {
        var at = writer.WrittenCount;
        writer.GetSpan(4);
        writer.Advance(4);
        return at;
    }

    private static void FillLength(ArrayBufferWriter<byte> writer, int lengthAt)
    {
        // The writer's written bytes are its own array, writable in place. This runs three times a record that crosses
        // silos; going through WrittenMemory's Memory and then its Span cost about 1 ns more per call, measured.
        var written = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(writer.WrittenSpan), writer.WrittenCount);
        BinaryPrimitives.WriteInt32LittleEndian(written[lengthAt..], writer.WrittenCount - lengthAt - 4);
    }
}
