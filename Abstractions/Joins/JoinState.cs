namespace Orleans.Dataflow;

/// <summary>The values a join holds for one key (or one window of a key): a list per side, in the sides' order (Bytewax's join state).</summary>
/// <remarks>Values stay the labelled items they arrived as; the join's <see cref="JoinShape{TItem,TRow}"/> turns picks of them into rows.</remarks>
internal sealed class JoinState<TItem>(List<TItem>[] sides)
{
    public JoinState(int sideCount)
        : this(Empty(sideCount))
    {
    }

    /// <summary>The most values a side may have had room for and still be reused by <see cref="TryReset"/>: a window that took a burst of values does not keep its room for good.</summary>
    public const int MaxReusedCapacity = 16;

    /// <summary>The values kept per side; an empty list is a side without a value.</summary>
    public List<TItem>[] Sides { get; } = sides;

    public bool AllSet => Array.TrueForAll(Sides, side => side.Count > 0);

    /// <summary>Adds a value to its side as <paramref name="mode"/> says: first keeps an existing value, last replaces, product appends.</summary>
    public void Insert(int side, TItem item, JoinInsertMode mode)
    {
        var values = Sides[side];
        if (values.Capacity == 0 && mode != JoinInsertMode.Product)
        {
            // First and last keep one value per side: room for one, where a list's first add makes room for four.
            values.Capacity = 1;
        }

        switch (mode)
        {
            case JoinInsertMode.First when values.Count == 0:
                values.Add(item);
                break;
            case JoinInsertMode.First:
                break;
            case JoinInsertMode.Last:
                values.Clear();
                values.Add(item);
                break;
            default:
                values.Add(item);
                break;
        }
    }

    /// <summary>Every combination of one value per side, the first side varying slowest; a side without values contributes default once.</summary>
    /// <remarks>The picks and positions are on the stack for up to four sides: a window emits its rows once, at close, for every key.</remarks>
    public void EmitRows<TRow>(JoinShape<TItem, TRow> shape, Emitter<TRow> output)
    {
        var inline = default(JoinPicks<TItem>);
        var picks = Sides.Length <= JoinPicks<TItem>.Length ? ((Span<TItem>)inline)[..Sides.Length] : new TItem[Sides.Length];
        var inlinePositions = default(JoinPicks<int>);
        var positions = Sides.Length <= JoinPicks<int>.Length ? ((Span<int>)inlinePositions)[..Sides.Length] : new int[Sides.Length];
        while (true)
        {
            for (var side = 0; side < Sides.Length; side++)
            {
                picks[side] = Sides[side].Count == 0 ? default! : Sides[side][positions[side]];
            }

            output.Emit(shape.Row(picks));
            var next = Sides.Length - 1;
            while (next >= 0 && ++positions[next] >= Sides[next].Count)
            {
                positions[next] = 0;
                next--;
            }

            if (next < 0)
            {
                return;
            }
        }
    }

    public void Clear()
    {
        foreach (var side in Sides)
        {
            side.Clear();
        }
    }

    /// <summary>Empties every side for reuse, unless one grew past <see cref="MaxReusedCapacity"/> values: then false, and the state is left to the garbage collector.</summary>
    public bool TryReset()
    {
        if (!Array.TrueForAll(Sides, static side => side.Capacity <= MaxReusedCapacity))
        {
            return false;
        }

        Clear();
        return true;
    }

    /// <summary>Absorbs the state of a window merged into this one, as Bytewax's join window does per insert mode.</summary>
    /// <remarks>First: per side, the merged window's values if it has any. Last: this window's values if it has any. Product: both, this window's first.</remarks>
    public void Absorb(JoinState<TItem> merged, JoinInsertMode mode)
    {
        for (var side = 0; side < Sides.Length; side++)
        {
            switch (mode)
            {
                case JoinInsertMode.First when merged.Sides[side].Count > 0:
                    Sides[side] = merged.Sides[side];
                    break;
                case JoinInsertMode.Last when Sides[side].Count == 0:
                    Sides[side] = merged.Sides[side];
                    break;
                case JoinInsertMode.Product:
                    Sides[side].AddRange(merged.Sides[side]);
                    break;
            }
        }
    }

    private static List<TItem>[] Empty(int sideCount)
    {
        var sides = new List<TItem>[sideCount];
        for (var side = 0; side < sideCount; side++)
        {
            sides[side] = [];
        }

        return sides;
    }
}
