using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow;

/// <summary>One value arriving at a three-way join, from its first, second or third side.</summary>
/// <remarks>
/// This is what a three-way window join's clock reads timestamps from and what its late stream carries; only the
/// property of <see cref="Side"/> is set, the others are default.
/// </remarks>
/// <typeparam name="T1">The values of the first side.</typeparam>
/// <typeparam name="T2">The values of the second side.</typeparam>
/// <typeparam name="T3">The values of the third side.</typeparam>
[SerializedBy(typeof(JoinSideSerde<,,>))]
public readonly record struct JoinSide<T1, T2, T3>
{
    private JoinSide(int side, T1? first, T2? second, T3? third)
    {
        Side = side;
        First = first;
        Second = second;
        Third = third;
    }

    /// <summary>Which side the value came from: 0 for the first, 1 for the second, 2 for the third.</summary>
    public int Side { get; }

    /// <summary>The value, when <see cref="Side"/> is 0.</summary>
    public T1? First { get; }

    /// <summary>The value, when <see cref="Side"/> is 1.</summary>
    public T2? Second { get; }

    /// <summary>The value, when <see cref="Side"/> is 2.</summary>
    public T3? Third { get; }

    /// <summary>A value from the first side.</summary>
    public static JoinSide<T1, T2, T3> OfFirst(T1 value) => new(0, value, default, default);

    /// <summary>A value from the second side.</summary>
    public static JoinSide<T1, T2, T3> OfSecond(T2 value) => new(1, default, value, default);

    /// <summary>A value from the third side.</summary>
    public static JoinSide<T1, T2, T3> OfThird(T3 value) => new(2, default, default, value);

    /// <summary>Applies the function of the side the value came from to it.</summary>
    public T Match<T>(Func<T1, T> first, Func<T2, T> second, Func<T3, T> third)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(third);
        return Side switch
        {
            0 => first(First!),
            1 => second(Second!),
            _ => third(Third!),
        };
    }

    /// <summary>Renders the value as <c>first: value</c>, <c>second: value</c> or <c>third: value</c>.</summary>
    public override string ToString() => Side switch
    {
        0 => $"first: {First}",
        1 => $"second: {Second}",
        _ => $"third: {Third}",
    };
}
