using System.Runtime.CompilerServices;

namespace Orleans.Dataflow.Grains.Batching;

/// <summary>The array behind a <see cref="List{T}"/>, so a batch a source partition filled can go downstream without being copied.</summary>
/// <remarks>Sources fill a <see cref="List{T}"/> (the public source API); operators take array segments. The segment is only read while the list is not changed (batches are handed on synchronously), and a missing field would fail on first use, not corrupt data.</remarks>
internal static class ListItems<T>
{
    /// <summary>The backing array of <paramref name="list"/>; its first <see cref="List{T}.Count"/> items are the list's.</summary>
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_items")]
    public static extern ref T[] Of(List<T> list);

    /// <summary>The count of <paramref name="list"/>: set to 0, it empties the list without clearing the slots it used, which the next items overwrite.</summary>
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_size")]
    public static extern ref int CountOf(List<T> list);
}
