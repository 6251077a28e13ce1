using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow;

/// <summary>One value arriving at a join of several streams of one type, with the position of the stream it came from.</summary>
/// <remarks>
/// This is what such a window join's clock reads timestamps from and what its late stream carries. Side 0 is the
/// stream the join was called on, side <c>i</c> the <c>i</c>-th of the others.
/// </remarks>
/// <typeparam name="TValue">The values of every side.</typeparam>
[SerializedBy(typeof(JoinSideSerde<>))]
public readonly record struct JoinSide<TValue>
{
    /// <summary>The most sides a join of streams of one type takes: a side is one byte on the wire and in snapshots.</summary>
    public const int MaxSides = 256;

    /// <summary>A value from side <paramref name="side"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="side"/> is negative or not below <see cref="MaxSides"/>.</exception>
    public JoinSide(int side, TValue value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(side);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(side, MaxSides);
        Side = side;
        Value = value;
    }

    /// <summary>The position of the stream the value came from: 0 for the stream the join was called on.</summary>
    public int Side { get; }

    /// <summary>The value.</summary>
    public TValue Value { get; }

    /// <summary>Renders the value as <c>side i: value</c>.</summary>
    public override string ToString() => $"side {Side}: {Value}";
}
