using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow;

/// <summary>The values a join holds for one key (or one window of a key): a list per side (Bytewax's join state).</summary>
[SerializedBy(typeof(JoinStateSerde<,>))]
internal sealed class JoinState<TLeft, TRight>(List<TLeft> left, List<TRight> right)
{
    public JoinState()
        : this([], [])
    {
    }

    public List<TLeft> Left { get; private set; } = left;

    public List<TRight> Right { get; private set; } = right;

    public bool AllSet => Left.Count > 0 && Right.Count > 0;

    /// <summary>Adds a value as <paramref name="mode"/> says: first keeps an existing value, last replaces, product appends.</summary>
    public void Insert(JoinSide<TLeft, TRight> value, JoinInsertMode mode)
    {
        if (value.IsLeft)
        {
            Insert(Left, value.Left!, mode);
        }
        else
        {
            Insert(Right, value.Right!, mode);
        }
    }

    /// <summary>Every combination of one value per side; a side without values contributes default once.</summary>
    public void EmitRows(Emitter<(TLeft?, TRight?)> output)
    {
        foreach (var left in OrOneDefault(Left))
        {
            foreach (var right in OrOneDefault(Right))
            {
                output.Emit((left, right));
            }
        }
    }

    public void Clear()
    {
        Left.Clear();
        Right.Clear();
    }

    /// <summary>Absorbs the state of a window merged into this one, as Bytewax's join window does per insert mode.</summary>
    /// <remarks>First: per side, the merged window's values if it has any. Last: this window's values if it has any. Product: both, this window's first.</remarks>
    public void Absorb(JoinState<TLeft, TRight> merged, JoinInsertMode mode)
    {
        switch (mode)
        {
            case JoinInsertMode.First:
                Left = merged.Left.Count > 0 ? merged.Left : Left;
                Right = merged.Right.Count > 0 ? merged.Right : Right;
                break;
            case JoinInsertMode.Last:
                Left = Left.Count > 0 ? Left : merged.Left;
                Right = Right.Count > 0 ? Right : merged.Right;
                break;
            default:
                Left.AddRange(merged.Left);
                Right.AddRange(merged.Right);
                break;
        }
    }

    private static IReadOnlyList<T?> OrOneDefault<T>(List<T> side) => side.Count == 0 ? new T?[] { default } : side;

    private static void Insert<T>(List<T> side, T value, JoinInsertMode mode)
    {
        switch (mode)
        {
            case JoinInsertMode.First when side.Count == 0:
                side.Add(value);
                break;
            case JoinInsertMode.First:
                break;
            case JoinInsertMode.Last:
                side.Clear();
                side.Add(value);
                break;
            default:
                side.Add(value);
                break;
        }
    }
}
