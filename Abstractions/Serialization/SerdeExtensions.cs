using System.Buffers;

namespace Orleans.Dataflow.Serialization;

/// <summary>Conveniences over <see cref="ISerde{T}"/> for callers that want whole byte arrays.</summary>
public static class SerdeExtensions
{
    /// <summary>Serializes <paramref name="value"/> into a new byte array.</summary>
    public static byte[] ToBytes<T>(this ISerde<T> serde, T value)
    {
        ArgumentNullException.ThrowIfNull(serde);
        var writer = new ArrayBufferWriter<byte>(64);
        serde.Serialize(value, writer);
        return writer.WrittenSpan.ToArray();
    }
}
