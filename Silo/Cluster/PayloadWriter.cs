using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Orleans.Dataflow.Silo.Cluster;

/// <summary>Writes the fields of a frame's payload: little-endian integers, length-prefixed UTF-8 strings and byte arrays (-1 for null).</summary>
internal readonly struct PayloadWriter(ArrayBufferWriter<byte> output)
{
    public ArrayBufferWriter<byte> Output => output;

    public void Byte(byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    public void Int32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(output.GetSpan(4), value);
        output.Advance(4);
    }

    public void Int64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(output.GetSpan(8), value);
        output.Advance(8);
    }

    public void String(string? value)
    {
        if (value is null)
        {
            Int32(-1);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        Int32(length);
        Encoding.UTF8.GetBytes(value, output.GetSpan(length));
        output.Advance(length);
    }

    public void Bytes(ReadOnlySpan<byte> value)
    {
        Int32(value.Length);
        output.Write(value);
    }

    public void NullableBytes(byte[]? value)
    {
        if (value is null)
        {
            Int32(-1);
            return;
        }

        Bytes(value);
    }
}
