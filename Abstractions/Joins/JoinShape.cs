using System.Buffers;

namespace Orleans.Dataflow;

/// <summary>How a join's labelled items map to its sides, and how each side's values are written to bytes.</summary>
/// <remarks>
/// One join state and one logic serve every arity: the two-, three- and four-way joins and the join of any number of
/// streams of one type differ only in the item that labels a value with its side, which this describes.
/// </remarks>
internal abstract class JoinShape<TItem>
{
    /// <summary>The number of sides; a labelled item's side is below it.</summary>
    public abstract int Count { get; }

    /// <summary>The side, from 0, that <paramref name="item"/> came from.</summary>
    public abstract int SideOf(TItem item);

    /// <summary>Writes the value of <paramref name="item"/> alone, through its side's serde, without the side.</summary>
    public abstract void WriteValue(TItem item, IBufferWriter<byte> writer);

    /// <summary>Reads a value that <see cref="WriteValue"/> wrote for <paramref name="side"/> back into a labelled item.</summary>
    public abstract TItem ReadValue(int side, ReadOnlySpan<byte> bytes);
}

/// <summary>A join's sides and the rows it emits: one value (or default) per side, in the sides' order.</summary>
internal abstract class JoinShape<TItem, TRow> : JoinShape<TItem>
{
    /// <summary>The row of <paramref name="picks"/>: picks[i] is a value of side i, or default when side i has none.</summary>
    public abstract TRow Row(ReadOnlySpan<TItem> picks);
}
