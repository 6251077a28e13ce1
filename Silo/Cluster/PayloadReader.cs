using System.Buffers;
using System.Text;

namespace Orleans.Dataflow.Silo.Cluster;

/// <summary>Reads the fields <see cref="PayloadWriter"/> wrote; a payload that ends early or holds a bad length is a <see cref="InvalidDataException"/>.</summary>
internal ref struct PayloadReader(ReadOnlySequence<byte> payload)
{
    private SequenceReader<byte> _reader = new(payload);

    /// <summary>The bytes not read yet.</summary>
    public readonly ReadOnlySequence<byte> Rest => _reader.UnreadSequence;

    public byte Byte() => _reader.TryRead(out var value) ? value : throw Truncated();

    public int Int32() => _reader.TryReadLittleEndian(out int value) ? value : throw Truncated();

    public long Int64() => _reader.TryReadLittleEndian(out long value) ? value : throw Truncated();

    public string? String()
    {
        var length = Int32();
        if (length < 0)
        {
            return null;
        }

        var bytes = Slice(length);
        return bytes.IsSingleSegment ? Encoding.UTF8.GetString(bytes.FirstSpan) : Encoding.UTF8.GetString(bytes.ToArray());
    }

    public string RequiredString() => String() ?? throw new InvalidDataException("a frame holds a null where a string must be");

    public byte[]? NullableBytes()
    {
        var length = Int32();
        return length < 0 ? null : Slice(length).ToArray();
    }

    private ReadOnlySequence<byte> Slice(int length)
    {
        if (length > _reader.Remaining)
        {
            throw Truncated();
        }

        var slice = _reader.UnreadSequence.Slice(0, length);
        _reader.Advance(length);
        return slice;
    }

    private static InvalidDataException Truncated() => new("a frame ends before its last field");
}
