using System.Buffers;
using System.Text.Json;

namespace Orleans.Dataflow.Serialization;

/// <summary>The serde for any type: System.Text.Json with public fields included (so tuples and simple structs round-trip).</summary>
public sealed class JsonSerde<T> : ISerde<T>
{
    private static readonly JsonSerializerOptions _options = new()
    {
        IncludeFields = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <inheritdoc/>
    public void Serialize(T value, IBufferWriter<byte> writer)
    {
        using var json = new Utf8JsonWriter(writer);
        JsonSerializer.Serialize(json, value, _options);
    }

    /// <inheritdoc/>
    public T Deserialize(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, _options)!;
        }
        catch (JsonException e)
        {
            throw new SerdeException($"cannot read a {typeof(T).Name} from {bytes.Length} bytes of JSON: {e.Message}", e);
        }
    }
}
