using System.Runtime.CompilerServices;

namespace Orleans.Dataflow.Serialization;

/// <summary>Finds the serde for a type: compact fast paths for primitives, strings and tuples of them, JSON for everything else.</summary>
/// <remarks>
/// Every type works without registration: types without a fast path go through System.Text.Json (public
/// properties and fields). <see cref="Register{T}"/> replaces the serde of a type for the whole process.
/// Thread-safe.
/// </remarks>
public static class Serde
{
    // Weak in the type: a type registered by a flow whose load context is unloaded (a service's deleted flow) must not
    // be kept alive by its serde, which a dictionary keyed by the type would do for as long as the process runs.
    private static readonly ConditionalWeakTable<Type, object> _registered = new();

    /// <summary>The serde used for <typeparamref name="T"/>.</summary>
    public static ISerde<T> For<T>()
    {
        if (_registered.TryGetValue(typeof(T), out var custom))
        {
            return (ISerde<T>)custom;
        }

        return Cache<T>.Instance;
    }

    /// <summary>Makes <paramref name="serde"/> the serde of <typeparamref name="T"/> from now on, in this process.</summary>
    public static void Register<T>(ISerde<T> serde)
    {
        ArgumentNullException.ThrowIfNull(serde);
        _registered.AddOrUpdate(typeof(T), serde);
    }

    private static class Cache<T>
    {
        public static readonly ISerde<T> Instance = Create();

        private static ISerde<T> Create()
        {
            var type = typeof(T);
            var primitive = PrimitiveSerdes.TryGet(type);
            if (primitive is not null)
            {
                return (ISerde<T>)primitive;
            }

            if (type.IsGenericType && typeof(ITuple).IsAssignableFrom(type) && type.IsValueType)
            {
                var args = type.GetGenericArguments();
                var definition = type.GetGenericTypeDefinition();
                Type? serdeType = definition == typeof(ValueTuple<,>) ? typeof(PairSerde<,>)
                    : definition == typeof(ValueTuple<,,>) ? typeof(TripleSerde<,,>)
                    : null;
                if (serdeType is not null)
                {
                    return (ISerde<T>)Activator.CreateInstance(serdeType.MakeGenericType(args))!;
                }
            }

            if (type.GetCustomAttributes(typeof(SerializedByAttribute), false) is [SerializedByAttribute serializedBy])
            {
                var serdeType = type.IsGenericType ? serializedBy.Serde.MakeGenericType(type.GetGenericArguments()) : serializedBy.Serde;
                return (ISerde<T>)Activator.CreateInstance(serdeType)!;
            }

            return new JsonSerde<T>();
        }
    }
}
