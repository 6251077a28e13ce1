using System.Buffers.Binary;

namespace Orleans.Dataflow.Silo.Cluster;

/// <summary>The 5 bytes before every frame's payload: a little-endian length (of the type byte and the payload) and the <see cref="FrameType"/>.</summary>
internal static class FrameHeader
{
    /// <summary>How many bytes the header takes.</summary>
    public const int Length = 5;

    /// <summary>Writes the header of a frame of <paramref name="type"/> with <paramref name="payloadLength"/> payload bytes.</summary>
    public static void Write(Span<byte> header, FrameType type, int payloadLength)
    {
        BinaryPrimitives.WriteInt32LittleEndian(header, payloadLength + 1);
        header[4] = (byte)type;
    }

    /// <summary>Reads a header: the frame's type and its payload length.</summary>
    /// <exception cref="InvalidDataException">The length is not between 1 and <paramref name="maxFrameLength"/>: the stream is not this protocol, or corrupt.</exception>
    public static (FrameType Type, int PayloadLength) Read(ReadOnlySpan<byte> header, int maxFrameLength)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length < 1 || length > maxFrameLength)
        {
            throw new InvalidDataException($"a frame of {length} bytes (at most {maxFrameLength})");
        }

        return ((FrameType)header[4], length - 1);
    }
}
