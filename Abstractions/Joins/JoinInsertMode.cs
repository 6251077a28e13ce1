namespace Orleans.Dataflow;

/// <summary>What a join keeps when a side sends several values for a key (Bytewax's insert modes).</summary>
public enum JoinInsertMode
{
    /// <summary>Keep the first value of each side; later ones are ignored.</summary>
    First,

    /// <summary>Keep the last value of each side; a new one replaces the old. The default.</summary>
    Last,

    /// <summary>Keep every value of each side; rows are every combination, like a SQL cross join.</summary>
    Product,
}
