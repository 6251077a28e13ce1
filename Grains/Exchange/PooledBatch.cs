using System.Buffers;
using System.Runtime.CompilerServices;

namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>Gives a batch's rented array back to the shared pool, clearing only the records it held.</summary>
/// <remarks>
/// A batch fills its array from the start and the pool's arrays come back holding no references, so clearing the
/// first <c>count</c> slots is enough to keep the pool from holding records. The pool's own clearing clears the whole
/// array: for a batch of a few records in an array of 1,024, most of its cost.
/// </remarks>
internal static class PooledBatch
{
    /// <summary>Returns <paramref name="items"/>, whose records are its first <paramref name="count"/> slots, to <see cref="ArrayPool{T}.Shared"/>.</summary>
    public static void Return<T>(T[] items, int count)
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            Array.Clear(items, 0, count);
        }

        ArrayPool<T>.Shared.Return(items);
    }
}
