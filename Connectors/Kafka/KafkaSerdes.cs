using System.Text;
using System.Text.Json;

namespace Orleans.Dataflow.Kafka;

/// <summary>The built-in <see cref="KafkaSerde{T}"/>s: raw bytes, UTF-8 strings, and JSON through System.Text.Json.</summary>
/// <remarks>Every one reads a null key or value as null (default for a value type under JSON) and writes null as null.</remarks>
public static class KafkaSerdes
{
    /// <summary>The record's bytes as they are; never fails.</summary>
    public static KafkaSerde<byte[]> Bytes { get; } = new BytesSerde();

    /// <summary>Strings as UTF-8 without a byte order mark; bytes that are not valid UTF-8 fail to deserialize rather than turn into replacement characters.</summary>
    public static KafkaSerde<string> Utf8 { get; } = new Utf8Serde();

    /// <summary>JSON through System.Text.Json with <paramref name="options"/> (the web defaults when null: camelCase names, case-insensitive reads).</summary>
    /// <remarks>Deserializing fails on bytes that are not JSON or not a <typeparamref name="T"/>, with System.Text.Json's message (line and position).</remarks>
    public static KafkaSerde<T> Json<T>(JsonSerializerOptions? options = null) => new JsonSerde<T>(options ?? JsonSerializerOptions.Web);

    private sealed class BytesSerde : KafkaSerde<byte[]>
    {
        public override byte[]? Serialize(byte[] value) => value;

        public override byte[] Deserialize(byte[]? data) => data!;
    }

    private sealed class Utf8Serde : KafkaSerde<string>
    {
        private static readonly UTF8Encoding _strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        public override byte[]? Serialize(string value) => value is null ? null : _strict.GetBytes(value);

        public override string Deserialize(byte[]? data) => data is null ? null! : _strict.GetString(data);
    }

    private sealed class JsonSerde<T>(JsonSerializerOptions options) : KafkaSerde<T>
    {
        public override byte[]? Serialize(T value) => value is null ? null : JsonSerializer.SerializeToUtf8Bytes(value, options);

        public override T Deserialize(byte[]? data) => data is null ? default! : JsonSerializer.Deserialize<T>(data, options)!;
    }
}
