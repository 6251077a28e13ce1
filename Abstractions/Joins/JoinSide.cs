using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow;

/// <summary>One value arriving at a join, from its left or its right side.</summary>
/// <remarks>
/// This is what a join's clock reads timestamps from and what its late stream carries; exactly one of
/// <see cref="Left"/> and <see cref="Right"/> is set, as <see cref="IsLeft"/> says.
/// </remarks>
/// <typeparam name="TLeft">The values of the left side.</typeparam>
/// <typeparam name="TRight">The values of the right side.</typeparam>
[SerializedBy(typeof(JoinSideSerde<,>))]
public readonly record struct JoinSide<TLeft, TRight>
{
    private JoinSide(bool isLeft, TLeft? left, TRight? right)
    {
        IsLeft = isLeft;
        Left = left;
        Right = right;
    }

    /// <summary>Whether the value came from the left side.</summary>
    public bool IsLeft { get; }

    /// <summary>The left value, when <see cref="IsLeft"/>.</summary>
    public TLeft? Left { get; }

    /// <summary>The right value, when not <see cref="IsLeft"/>.</summary>
    public TRight? Right { get; }

    /// <summary>A value from the left side.</summary>
    public static JoinSide<TLeft, TRight> OfLeft(TLeft value) => new(true, value, default);

    /// <summary>A value from the right side.</summary>
    public static JoinSide<TLeft, TRight> OfRight(TRight value) => new(false, default, value);

    /// <summary>Applies <paramref name="left"/> or <paramref name="right"/> to the value, whichever side it came from.</summary>
    public T Match<T>(Func<TLeft, T> left, Func<TRight, T> right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return IsLeft ? left(Left!) : right(Right!);
    }

    /// <summary>Renders the value as <c>left: value</c> or <c>right: value</c>.</summary>
    public override string ToString() => IsLeft ? $"left: {Left}" : $"right: {Right}";
}
