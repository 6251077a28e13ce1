using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Orleans.Dataflow.Plan;

/// <summary>Tells which snapshot types are copies by construction: a value taken now that later changes to the live state cannot reach.</summary>
/// <remarks>
/// Such a snapshot may be serialized after the worker has moved on, off its thread. A value type qualifies when every
/// field does: primitives and other unmanaged values, strings (immutable), and value types built of those. A class
/// does not, since the state may be the very object the next item changes.
/// </remarks>
internal static class DetachedSnapshots
{
    private static readonly ConcurrentDictionary<Type, bool> _known = new();

    /// <summary>Whether a <typeparamref name="T"/> is a copy by construction.</summary>
    public static bool AreCopies<T>() => !RuntimeHelpers.IsReferenceOrContainsReferences<T>() || IsCopy(typeof(T));

    /// <remarks>Primitives are checked first: their one field is of their own type.</remarks>
    private static bool IsCopy(Type type) => _known.GetOrAdd(type, static t =>
        t.IsPrimitive || t.IsEnum || t.IsPointer || t == typeof(string)
        || (t.IsValueType && t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).All(field => IsCopy(field.FieldType))));
}
