namespace Orleans.Dataflow.Grains.Operators.Stateful;

/// <summary>One pass over a batch's key lookups in a <see cref="KeyTable{TValue}"/>, in item order: gives each item's hash, prefetching the later items' lookups when the table is large.</summary>
/// <remarks>The hashes of the items ahead are taken by <see cref="KeyTable{TValue}.PrefetchAhead{TItem}"/> and kept in a ring the caller owns, so no item's key is hashed twice.</remarks>
internal ref struct KeyLookups<TValue, TItem>
{
    private readonly KeyTable<TValue> _table;
    private readonly ReadOnlySpan<(string Key, TItem Value)> _items;
    private readonly Span<int> _hashes;
    private readonly bool _prefetching;

    /// <summary>Starts a pass over <paramref name="items"/>, after the table's switch to its randomized hash if keys collided; <paramref name="hashes"/> is <see cref="KeyTable{TValue}.HashRing"/> ints the caller keeps for its passes.</summary>
    public KeyLookups(KeyTable<TValue> table, ReadOnlySpan<(string Key, TItem Value)> items, Span<int> hashes)
    {
        // Before any hash is taken: a table switching to its randomized hash holds no caller's hashes then.
        table.RehashIfFlooded();
        _table = table;
        _items = items;
        _hashes = hashes;
        _prefetching = table.WorthPrefetching;
        if (_prefetching)
        {
            for (var i = -KeyTable<TValue>.Lookahead; i < 0; i++)
            {
                table.PrefetchAhead(items, i, hashes);
            }
        }
    }

    /// <summary>The table's hash of <paramref name="key"/>, the key of item <paramref name="i"/>; call it for every item in order.</summary>
    public readonly int HashOf(int i, string key)
    {
        if (!_prefetching)
        {
            return _table.HashOf(key);
        }

        _table.PrefetchAhead(_items, i, _hashes);
        return _hashes[i & (KeyTable<TValue>.HashRing - 1)];
    }
}
