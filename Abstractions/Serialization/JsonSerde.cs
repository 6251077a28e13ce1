using System.Buffers;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Orleans.Dataflow.Serialization;

/// <summary>The serde for any type: System.Text.Json, writing the fields of user classes so that a value reads back whole.</summary>
/// <remarks>
/// Plain System.Text.Json reads back only public settable members, so state kept in private fields or behind
/// private setters would silently come back empty after a restart. For classes outside the <c>System</c>
/// namespaces this serde writes every instance field instead (an auto-property's field under the property's
/// name, so records look as usual) and creates the object with its parameterless constructor when it has one.
/// Collections, dictionaries, structs and framework types keep System.Text.Json's own handling.
/// </remarks>
public sealed class JsonSerde<T> : ISerde<T>
{
    private static readonly JsonSerializerOptions _options = new()
    {
        IncludeFields = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { WriteFieldsOfUserClasses } },
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

    private static void WriteFieldsOfUserClasses(JsonTypeInfo info)
    {
        var type = info.Type;
        if (info.Kind != JsonTypeInfoKind.Object || type.IsValueType || type.IsAbstract || IsFrameworkType(type))
        {
            return;
        }

        info.Properties.Clear();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var declaring = type; declaring is not null && declaring != typeof(object); declaring = declaring.BaseType)
        {
            foreach (var field in declaring.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                var name = NameOf(field);
                if (!names.Add(name))
                {
                    name = $"{declaring.Name}.{name}";
                    names.Add(name);
                }

                var property = info.CreateJsonPropertyInfo(field.FieldType, name);
                property.Get = field.GetValue;
                property.Set = field.SetValue;
                info.Properties.Add(property);
            }
        }

        var constructor = type.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes);
        info.CreateObject = constructor is null
            ? () => RuntimeHelpers.GetUninitializedObject(type)
            : () => constructor.Invoke(null);
    }

    private static bool IsFrameworkType(Type type)
        => type.Namespace is { } ns && (ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal) || ns.StartsWith("Microsoft.", StringComparison.Ordinal));

    /// <summary>The JSON name of a field: the property name for an auto-property's or anonymous type's field, else the field name.</summary>
    private static string NameOf(FieldInfo field)
    {
        var name = field.Name;
        if (name.StartsWith('<'))
        {
            var end = name.IndexOf('>', StringComparison.Ordinal);
            if (end > 1)
            {
                return name[1..end];
            }
        }

        return name;
    }
}
