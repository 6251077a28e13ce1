using System.Buffers;
using System.Buffers.Binary;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.WireProtocol;

namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>Writes an <see cref="ExchangeBatch"/> that leaves its silo as one length-prefixed field: a fixed header, then the records in the exchange's serde.</summary>
/// <remarks>
/// Header (little-endian): exchange id (int32), sender (int32), sequence (int64), epoch (int64; for progress, the
/// sender's stream watermark, 0 when the step has none), frontier (int64),
/// count (int32), kind (byte: 0 data, 1 progress); then each record as <see cref="ExchangeCodec{T}"/> writes it. The
/// receiver keeps the record bytes and its worker decodes them, so no plan is needed where Orleans reads the message.
/// </remarks>
[RegisterSerializer]
public sealed class ExchangeBatchCodec : IFieldCodec<ExchangeBatch>
{
    /// <summary>The size of the fixed header in bytes.</summary>
    public const int HeaderLength = 4 + 4 + 8 + 8 + 8 + 4 + 1;

    private const int MaxKeptBuffer = 1024 * 1024;

    /// <summary>The buffer this thread encodes batches into, kept from batch to batch: its bytes are copied out before the next one.</summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _encoded;

    /// <inheritdoc/>
    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, ExchangeBatch? value)
        where TBufferWriter : IBufferWriter<byte>
    {
        if (ReferenceCodec.TryWriteReferenceField(ref writer, fieldIdDelta, expectedType, value))
        {
            return;
        }

        writer.WriteFieldHeader(fieldIdDelta, expectedType, typeof(ExchangeBatch), WireType.LengthPrefixed);
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encode(value);
        writer.WriteVarUInt32((uint)bytes.WrittenCount);
        writer.Write(bytes.WrittenSpan);
        value.MarkLeftSilo();
        ExchangeMeters.BytesSent.Add(bytes.WrittenCount);
        ExchangeMeters.BatchesSent.Add(1);
        if (bytes.Capacity > MaxKeptBuffer)
        {
            // A batch of very large records should not pin its buffer to this thread for good.
            _encoded = null;
        }
    }

    /// <inheritdoc/>
    public ExchangeBatch ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        if (field.WireType == WireType.Reference)
        {
            return ReferenceCodec.ReadReference<ExchangeBatch, TInput>(ref reader, field)
                ?? throw new InvalidDataException("an exchange batch cannot be null");
        }

        field.EnsureWireType(WireType.LengthPrefixed);
        var length = (int)reader.ReadVarUInt32();
        // Rented: the batch gives the bytes back once its worker has decoded them (a new array per batch was most of a
        // cross-silo exchange's garbage).
        var bytes = ArrayPool<byte>.Shared.Rent(length);
        reader.ReadBytes(bytes.AsSpan(0, length));
        var batch = Decode(bytes, length, pooled: true);
        ReferenceCodec.RecordObject(reader.Session, batch);
        return batch;
    }

    /// <summary>The header and records of <paramref name="batch"/> as they cross between silos, in this thread's buffer: valid until its next call on this thread.</summary>
    /// <remarks>A new buffer per batch cost two or three allocations of tens of kilobytes each (it grows by doubling), for bytes that are copied into Orleans' message at once.</remarks>
    internal static ArrayBufferWriter<byte> Encode(ExchangeBatch batch)
    {
        var bytes = _encoded ??= new ArrayBufferWriter<byte>(64 * 1024);
        bytes.ResetWrittenCount();
        var header = bytes.GetSpan(HeaderLength);
        BinaryPrimitives.WriteInt32LittleEndian(header, batch.ExchangeId);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], batch.Sender);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], batch.Sequence);
        // Progress has no epoch of its own: the slot carries the sender's watermark, so progress bytes without one stay as they were.
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], batch.IsProgress ? batch.Watermark : batch.Epoch);
        BinaryPrimitives.WriteInt64LittleEndian(header[24..], batch.Frontier);
        BinaryPrimitives.WriteInt32LittleEndian(header[32..], batch.Count);
        header[36] = batch.IsProgress ? (byte)1 : (byte)0;
        bytes.Advance(HeaderLength);
        if (!batch.IsProgress)
        {
            if (batch.Message is { Items: { } items })
            {
                batch.Codec!.Encode(items, batch.Count, bytes);
            }
            else
            {
                bytes.Write(batch.Encoded.Span);
            }
        }

        return bytes;
    }

    /// <summary>Reads back what <see cref="Encode"/> wrote, the first <paramref name="length"/> bytes of <paramref name="bytes"/>; the records stay bytes.</summary>
    /// <param name="bytes">The encoded batch.</param>
    /// <param name="length">How many bytes of <paramref name="bytes"/> it is.</param>
    /// <param name="pooled">Whether <paramref name="bytes"/> was rented from the shared pool, for the batch to give back once decoded.</param>
    internal static ExchangeBatch Decode(byte[] bytes, int length, bool pooled)
    {
        if (length < HeaderLength || bytes[36] > 1)
        {
            throw new InvalidDataException($"an exchange batch of {length} bytes is not one: it needs a {HeaderLength}-byte header of kind 0 or 1");
        }

        var header = bytes.AsSpan(0, length);
        var isProgress = header[36] == 1;
        var epochSlot = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
        return new ExchangeBatch(
            exchangeId: BinaryPrimitives.ReadInt32LittleEndian(header),
            sender: BinaryPrimitives.ReadInt32LittleEndian(header[4..]),
            sequence: BinaryPrimitives.ReadInt64LittleEndian(header[8..]),
            epoch: isProgress ? 0 : epochSlot,
            count: BinaryPrimitives.ReadInt32LittleEndian(header[32..]),
            frontier: BinaryPrimitives.ReadInt64LittleEndian(header[24..]),
            isProgress: isProgress,
            encoded: bytes.AsMemory(HeaderLength, length - HeaderLength),
            pooled: pooled ? bytes : null,
            watermark: isProgress ? epochSlot : 0);
    }
}
