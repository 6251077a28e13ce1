using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Kafka;

/// <summary>Stores a <see cref="KafkaSinkState"/> in the recovery store.</summary>
/// <remarks>
/// A state without unconfirmed epochs is the acknowledged count alone, 8 bytes little-endian: what the sink stored
/// when its state was that count, so older snapshots still resume. With epochs, the count is followed by a format
/// byte (1) and the epochs: each its number and messages; each message a flags byte (key, value, partition,
/// timestamp present), the present fields and its headers. Integers are little-endian; lengths are 32-bit, -1 for
/// null. Append-only: a golden-bytes test pins it.
/// </remarks>
internal sealed class KafkaSinkStateSerde : ISerde<KafkaSinkState>
{
    private const byte FormatWithEpochs = 1;
    private const byte HasKey = 1;
    private const byte HasValue = 2;
    private const byte HasPartition = 4;
    private const byte HasTimestamp = 8;

    /// <summary>The one instance; it holds nothing.</summary>
    public static KafkaSinkStateSerde Instance { get; } = new();

    public void Serialize(KafkaSinkState value, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(value);
        WriteInt64(writer, value.Acknowledged);
        if (value.Unconfirmed.Count == 0)
        {
            return;
        }

        writer.Write([FormatWithEpochs]);
        WriteInt32(writer, value.Unconfirmed.Count);
        foreach (var epoch in value.Unconfirmed)
        {
            WriteInt64(writer, epoch.Epoch);
            WriteInt32(writer, epoch.Messages.Count);
            foreach (var message in epoch.Messages)
            {
                WriteMessage(writer, message);
            }
        }
    }

    public KafkaSinkState Deserialize(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var reader = new Reader(bytes);
            var acknowledged = reader.Int64();
            if (reader.AtEnd)
            {
                return new KafkaSinkState(acknowledged, []);
            }

            var format = reader.Byte();
            if (format != FormatWithEpochs)
            {
                throw new SerdeException($"a Kafka sink snapshot of unknown format {format}");
            }

            var epochs = new KafkaSinkEpoch[reader.Count()];
            for (var e = 0; e < epochs.Length; e++)
            {
                var number = reader.Int64();
                var messages = new KafkaOutgoing[reader.Count()];
                for (var m = 0; m < messages.Length; m++)
                {
                    messages[m] = ReadMessage(ref reader);
                }

                epochs[e] = new KafkaSinkEpoch(number, messages);
            }

            if (!reader.AtEnd)
            {
                throw new SerdeException("a Kafka sink snapshot has bytes after its last epoch");
            }

            return new KafkaSinkState(acknowledged, epochs);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new SerdeException("a Kafka sink snapshot ends before its last field", e);
        }
    }

    private static void WriteMessage(IBufferWriter<byte> writer, KafkaOutgoing message)
    {
        var flags = (byte)((message.Key is null ? 0 : HasKey) | (message.Value is null ? 0 : HasValue)
            | (message.Partition is null ? 0 : HasPartition) | (message.Timestamp is null ? 0 : HasTimestamp));
        writer.Write([flags]);
        if (message.Key is { } key)
        {
            WriteBytes(writer, key);
        }

        if (message.Value is { } value)
        {
            WriteBytes(writer, value);
        }

        if (message.Partition is { } partition)
        {
            WriteInt32(writer, partition);
        }

        if (message.Timestamp is { } timestamp)
        {
            WriteInt64(writer, timestamp);
        }

        var headers = message.Headers ?? [];
        WriteInt32(writer, headers.Count);
        foreach (var header in headers)
        {
            WriteBytes(writer, Encoding.UTF8.GetBytes(header.Key));
            WriteBytes(writer, header.Value);
        }
    }

    private static KafkaOutgoing ReadMessage(ref Reader reader)
    {
        var flags = reader.Byte();
        var key = (flags & HasKey) != 0 ? reader.Bytes() : null;
        var value = (flags & HasValue) != 0 ? reader.Bytes() : null;
        int? partition = (flags & HasPartition) != 0 ? reader.Int32() : null;
        long? timestamp = (flags & HasTimestamp) != 0 ? reader.Int64() : null;
        var headers = new KafkaHeader[reader.Count()];
        for (var h = 0; h < headers.Length; h++)
        {
            var name = reader.Bytes() ?? throw new SerdeException("a Kafka sink snapshot has a header without a name");
            headers[h] = new KafkaHeader(Encoding.UTF8.GetString(name), reader.Bytes());
        }

        return new KafkaOutgoing(key, value, partition, timestamp, headers.Length == 0 ? null : headers);
    }

    private static void WriteInt64(IBufferWriter<byte> writer, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(writer.GetSpan(8), value);
        writer.Advance(8);
    }

    private static void WriteInt32(IBufferWriter<byte> writer, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(writer.GetSpan(4), value);
        writer.Advance(4);
    }

    private static void WriteBytes(IBufferWriter<byte> writer, byte[]? bytes)
    {
        WriteInt32(writer, bytes?.Length ?? -1);
        if (bytes is not null)
        {
            writer.Write(bytes);
        }
    }

    /// <summary>Reads the fields in order; running past the end throws <see cref="ArgumentOutOfRangeException"/>.</summary>
    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private ReadOnlySpan<byte> _rest = bytes;

        public readonly bool AtEnd => _rest.IsEmpty;

        public byte Byte() => Take(1)[0];

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public int Count()
        {
            var count = Int32();
            return count >= 0 && count <= _rest.Length ? count : throw new SerdeException($"a Kafka sink snapshot holds a count of {count} with {_rest.Length} bytes left");
        }

        public byte[]? Bytes()
        {
            var length = Int32();
            return length < 0 ? null : Take(length).ToArray();
        }

        private ReadOnlySpan<byte> Take(int length)
        {
            var taken = _rest[..length];
            _rest = _rest[length..];
            return taken;
        }
    }
}
