namespace Orleans.Dataflow.Serialization;

/// <summary>Names the serde <see cref="Serde.For{T}"/> uses for a type of ours, instead of JSON.</summary>
/// <remarks>For a generic type, the serde is a generic type definition with the same type parameters.</remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
internal sealed class SerializedByAttribute(Type serde) : Attribute
{
    public Type Serde { get; } = serde;
}
