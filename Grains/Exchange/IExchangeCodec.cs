using System.Buffers;

namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>Encodes the records of one exchange for transports that leave the process; made from the records' serde.</summary>
public interface IExchangeCodec
{
    /// <summary>Appends the first <paramref name="count"/> records of <paramref name="items"/> to <paramref name="writer"/>.</summary>
    void Encode(Array items, int count, ArrayBufferWriter<byte> writer);

    /// <summary>Reads back <paramref name="count"/> records written by <see cref="Encode"/> into a new array.</summary>
    Array Decode(ReadOnlySequence<byte> bytes, int count);

    /// <summary>Gives a batch's array back to the pool it was rented from, once its <paramref name="count"/> records have been encoded and are no longer needed here.</summary>
    void Return(Array items, int count);
}
