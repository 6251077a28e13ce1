namespace Orleans.Dataflow;

/// <summary>A per-worker cache of looked-up values whose entries are fetched again once older than a time-to-live.</summary>
/// <remarks>Used by <see cref="TransformExtensions.EnrichCached"/>; not thread-safe (one per worker). Null values are cached too.</remarks>
public sealed class TtlCache<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, (DateTimeOffset FetchedAt, TValue Value)> _entries = [];
    private readonly Func<TKey, TValue> _getter;
    private readonly TimeSpan _ttl;

    /// <summary>Creates an empty cache that fetches with <paramref name="getter"/> and keeps entries for <paramref name="ttl"/>.</summary>
    public TtlCache(Func<TKey, TValue> getter, TimeSpan ttl)
    {
        _getter = getter;
        _ttl = ttl;
    }

    /// <summary>The time the cache compares entry ages with; the step sets it once per batch.</summary>
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>The cached value of <paramref name="key"/>, fetched first when missing or older than the time-to-live.</summary>
    public TValue Get(TKey key)
    {
        if (_entries.TryGetValue(key, out var entry) && Now - entry.FetchedAt <= _ttl)
        {
            return entry.Value;
        }

        var value = _getter(key);
        _entries[key] = (Now, value);
        return value;
    }

    /// <summary>Forgets <paramref name="key"/> so the next <see cref="Get"/> fetches it again; returns whether it was cached.</summary>
    public bool Remove(TKey key) => _entries.Remove(key);
}
