using System.Buffers;

namespace Orleans.Dataflow.Serialization;

/// <summary>Turns values into bytes and back: records that leave the process, and state in the recovery store.</summary>
/// <remarks>Implementations must be thread-safe and deterministic: the same value gives the same bytes in every process.</remarks>
public interface ISerde<T>
{
    /// <summary>Appends the bytes of <paramref name="value"/> to <paramref name="writer"/>.</summary>
    void Serialize(T value, IBufferWriter<byte> writer);

    /// <summary>Reads back a value written by <see cref="Serialize"/>; <paramref name="bytes"/> holds exactly its bytes.</summary>
    /// <exception cref="SerdeException">The bytes are not a valid encoding of a <typeparamref name="T"/>.</exception>
    T Deserialize(ReadOnlySpan<byte> bytes);
}
