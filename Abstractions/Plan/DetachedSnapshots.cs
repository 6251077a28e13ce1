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
    /// <summary>Whether a <typeparamref name="T"/> is a copy by construction.</summary>
    public static bool AreCopies<T>() => Answer<T>.AreCopies;

    /// <remarks>Primitives are checked first: their one field is of their own type.</remarks>
    private static bool IsCopy(Type type) =>
        type.IsPrimitive || type.IsEnum || type.IsPointer || type == typeof(string)
        || (type.IsValueType && type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).All(field => IsCopy(field.FieldType)));

    /// <summary>The answer for one type, worked out once.</summary>
    /// <remarks>
    /// Per generic instantiation, not in a dictionary of types: a flow's state types live in the flow's collectible
    /// load context, and a static dictionary here would keep a deleted flow's code loaded for good.
    /// </remarks>
    private static class Answer<T>
    {
        public static readonly bool AreCopies = !RuntimeHelpers.IsReferenceOrContainsReferences<T>() || IsCopy(typeof(T));
    }
}
