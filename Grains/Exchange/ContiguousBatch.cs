using System.Buffers;

namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>Reads the records of an encoded batch from one span: the bytes as they are when in one segment, else a pooled copy.</summary>
internal static class ContiguousBatch
{
    /// <summary>Reads <paramref name="count"/> records from <paramref name="bytes"/> with <paramref name="read"/>, which gets them as one span.</summary>
    public static Array Decode(ReadOnlySequence<byte> bytes, int count, RecordReader read)
    {
        if (bytes.IsSingleSegment)
        {
            return read(bytes.FirstSpan, count);
        }

        var contiguous = ArrayPool<byte>.Shared.Rent((int)bytes.Length);
        try
        {
            bytes.CopyTo(contiguous);
            return read(contiguous.AsSpan(0, (int)bytes.Length), count);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(contiguous);
        }
    }

    /// <summary>Reads <paramref name="count"/> records from <paramref name="bytes"/> into an array.</summary>
    public delegate Array RecordReader(ReadOnlySpan<byte> bytes, int count);
}
