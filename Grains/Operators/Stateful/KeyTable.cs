using System.Collections;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Orleans.Dataflow.Grains.Operators.Stateful;

/// <summary>A stateful step's key table: each key's value inline in one slot, found by string key, with prefetches that let a batch's lookups wait for memory together.</summary>
/// <remarks>
/// <para>With many keys a lookup waits for memory three times in a row: for the key's characters (to hash them), for
/// its bucket and for its slot. A <see cref="Dictionary{TKey,TValue}"/> gives no way to ask for the bucket or the slot
/// of a key before it is looked up, so each item of a batch waited for its three misses alone (W2's hundred
/// thousand keys: 82 % of the worker's time in the lookup). Here a caller running through a batch calls
/// <see cref="PrefetchAhead{TItem}"/> before each item, which asks for later items' key characters, buckets and slots,
/// so the misses of several items overlap.</para>
/// <para>Buckets are a power of two, indexed by the top bits of the hash times the golden ratio (Fibonacci hashing),
/// so the index is one multiplication. The hash is a non-randomized two-lane hash of the key's characters; a chain
/// longer than <see cref="MaxChainBeforeRandomizing"/> (keys chosen to collide) switches the table to the
/// process-randomized <see cref="string.GetHashCode()"/> at the next <see cref="RehashIfFlooded"/>, as
/// <see cref="Dictionary{TKey,TValue}"/> does for string keys.</para>
/// <para>A removed slot goes on a free list and is reused; removing while enumerating is allowed (the slots do not
/// move), adding is not.</para>
/// </remarks>
internal sealed class KeyTable<TValue> : IEnumerable<KeyValuePair<string, TValue>>
{
    /// <summary>The longest chain of colliding keys met before the table stops trusting its non-randomized hash.</summary>
    internal const int MaxChainBeforeRandomizing = 100;

    /// <summary>How many items ahead of the one being looked up <see cref="PrefetchAhead{TItem}"/> asks for a key's characters; its bucket is asked for half as far ahead, its slot a quarter, the slot's own key an eighth.</summary>
    internal const int Lookahead = 16;

    /// <summary>The ring of hashes taken ahead, a power of two above half of <see cref="Lookahead"/>.</summary>
    internal const int HashRing = 16;

    private const int FirstSize = 16;
    private const uint GoldenRatio = 2654435769u;

    private int[] _buckets = new int[FirstSize];
    private Slot[] _slots = new Slot[FirstSize];
    private int _shift = 32 - BitOperations.Log2(FirstSize);
    private int _used;
    private int _free = -1;
    private int _freeCount;
    private bool _randomized;
    private bool _flooded;

    /// <summary>How many keys the table holds.</summary>
    public int Count => _used - _freeCount;

    /// <summary>The keys, in slot order.</summary>
    public KeyCollection Keys => new(this);

    /// <summary>Whether the table has grown past what the processor's caches keep near, so that prefetching pays for itself.</summary>
    /// <remarks>Below that, the prefetches' own loads and hashes ahead cost more than the few misses they hide.</remarks>
    public bool WorthPrefetching => Sse.IsSupported && (long)Count * Unsafe.SizeOf<Slot>() >= 256 * 1024;

    /// <summary>The hash of <paramref name="key"/> as this table hashes it now.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int HashOf(string key) => _randomized ? key.GetHashCode() : OrdinalHash(key);

    /// <summary>Asks the processor, ahead of item <paramref name="i"/> of a batch being looked up in order, for what the later items' lookups will read; notes their hashes in <paramref name="hashes"/>, where item <c>i</c>'s is by the time it is looked up.</summary>
    /// <remarks>
    /// Four stages, each asking for a line whose address the stage before has brought in: the key's characters
    /// <see cref="Lookahead"/> items ahead; its hash and bucket half as far; its slot a quarter as far; and the string
    /// the slot holds as its key an eighth as far, when it is another string than the item's (a word split from a line
    /// is a new string each time, and comparing it reads the stored one). A stage is a hint only: a line that moved or
    /// went meanwhile costs nothing but the fetch. Not inlined: inside the operator's loop it made the loop too large
    /// for the JIT to inline the step's logic any more, which cost a small table (never prefetched) more than the
    /// call costs a large one.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void PrefetchAhead<TItem>(ReadOnlySpan<(string Key, TItem Value)> items, int i, Span<int> hashes)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        if ((uint)(i + Lookahead) < (uint)items.Length && items[i + Lookahead].Key is { } far)
        {
            Prefetch(ref MemoryMarshal.GetReference(far.AsSpan()));
        }

        if ((uint)(i + (Lookahead / 2)) < (uint)items.Length && items[i + (Lookahead / 2)].Key is { } near)
        {
            var hash = HashOf(near);
            hashes[(i + (Lookahead / 2)) & (HashRing - 1)] = hash;
            Prefetch(ref _buckets[BucketOf(hash)]);
        }

        if ((uint)(i + (Lookahead / 4)) < (uint)items.Length && items[i + (Lookahead / 4)].Key is not null
            && FirstOfChain(hashes[(i + (Lookahead / 4)) & (HashRing - 1)]) is var slot and >= 0)
        {
            Prefetch(ref _slots[slot]);
            if (Unsafe.SizeOf<Slot>() > 64)
            {
                // A large value spans several lines; the next one holds the start of the value past the key and hash.
                Prefetch(ref Unsafe.AddByteOffset(ref _slots[slot], 64));
            }
        }

        if ((uint)(i + (Lookahead / 8)) < (uint)items.Length && items[i + (Lookahead / 8)].Key is { } close)
        {
            var hash = hashes[(i + (Lookahead / 8)) & (HashRing - 1)];
            if (FirstOfChain(hash) is var first and >= 0)
            {
                ref var found = ref _slots[first];
                if (found.Hash == hash && found.Key is { } stored && !ReferenceEquals(stored, close))
                {
                    Prefetch(ref MemoryMarshal.GetReference(stored.AsSpan()));
                }
            }
        }
    }

    /// <summary>The value of <paramref name="key"/>, added as default if absent; <paramref name="hash"/> is <see cref="HashOf"/> of it.</summary>
    /// <remarks>Inlined into the operator's loop over a batch, as a dictionary's lookup was; adding a key is not.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TValue GetValueRefOrAddDefault(string key, int hash, out bool exists)
    {
        Debug.Assert(key is not null && hash == HashOf(key), "the hash is the table's hash of a non-null key");
        var index = IndexOf(key, hash);
        if (index >= 0)
        {
            exists = true;
            return ref _slots[index].Value;
        }

        exists = false;
        return ref Add(key, hash);
    }

    /// <summary>The value of <paramref name="key"/>, added as default if absent.</summary>
    public ref TValue GetValueRefOrAddDefault(string key, out bool exists) => ref GetValueRefOrAddDefault(key, HashOf(key), out exists);

    /// <summary>The value of <paramref name="key"/>, or a null reference if the table does not hold it.</summary>
    public ref TValue GetValueRefOrNullRef(string key)
    {
        var index = IndexOf(key, HashOf(key));
        return ref index < 0 ? ref Unsafe.NullRef<TValue>() : ref _slots[index].Value;
    }

    /// <summary>Removes <paramref name="key"/>; false if the table did not hold it.</summary>
    public bool Remove(string key)
    {
        var hash = HashOf(key);
        ref var bucket = ref _buckets[BucketOf(hash)];
        var previous = -1;
        for (var i = bucket - 1; i >= 0;)
        {
            ref var slot = ref _slots[i];
            if (slot.Hash == hash && string.Equals(slot.Key, key, StringComparison.Ordinal))
            {
                if (previous < 0)
                {
                    bucket = slot.Next + 1;
                }
                else
                {
                    _slots[previous].Next = slot.Next;
                }

                slot = default;
                slot.Next = _free;
                _free = i;
                _freeCount++;
                return true;
            }

            previous = i;
            i = slot.Next;
        }

        return false;
    }

    /// <summary>Removes every key, keeping the table's room for as many.</summary>
    public void Clear()
    {
        Array.Clear(_buckets);
        Array.Clear(_slots, 0, _used);
        _used = 0;
        _free = -1;
        _freeCount = 0;
    }

    /// <summary>Switches to the randomized hash if a chain of colliding keys was met; call it where no caller holds hashes from before.</summary>
    public void RehashIfFlooded()
    {
        if (!_flooded)
        {
            return;
        }

        _flooded = false;
        _randomized = true;
        Rebuild(_slots.Length, rehash: true);
    }

    /// <summary>Enumerates the keys and their values in slot order.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, TValue>> IEnumerable<KeyValuePair<string, TValue>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Whether a chain of colliding keys has switched the table to the randomized hash.</summary>
    internal bool IsRandomized => _randomized;

    /// <summary>A hash with its low bits spread into the top ones, which pick the bucket.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint Spread(int hash) => (uint)hash * GoldenRatio;

    /// <summary>Asks the processor for the cache line holding <paramref name="target"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch<T>(ref T target) => Sse.Prefetch0(Unsafe.AsPointer(ref target));

    /// <summary>The first slot of the chain of keys with hash <paramref name="hash"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int FirstOfChain(int hash)
    {
        var index = _buckets[BucketOf(hash)] - 1;
        return (uint)index < (uint)_slots.Length ? index : -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int BucketOf(int hash) => (int)(Spread(hash) >> _shift);

    /// <summary>The slot of <paramref name="key"/> (hash <paramref name="hash"/>), or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int IndexOf(string key, int hash)
    {
        var slots = _slots;
        for (var i = _buckets[BucketOf(hash)] - 1; (uint)i < (uint)slots.Length;)
        {
            ref var slot = ref slots[i];
            if (slot.Hash == hash && (ReferenceEquals(slot.Key, key) || string.Equals(slot.Key, key, StringComparison.Ordinal)))
            {
                return i;
            }

            i = slot.Next;
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ref TValue Add(string key, int hash)
    {
        if (!_randomized && ChainLength(hash) > MaxChainBeforeRandomizing)
        {
            _flooded = true;
        }

        int index;
        if (_freeCount > 0)
        {
            index = _free;
            _free = _slots[index].Next;
            _freeCount--;
        }
        else
        {
            if (_used == _slots.Length)
            {
                Rebuild(_slots.Length * 2, rehash: false);
            }

            index = _used++;
        }

        ref var bucket = ref _buckets[BucketOf(hash)];
        ref var slot = ref _slots[index];
        slot.Key = key;
        slot.Hash = hash;
        slot.Next = bucket - 1;
        bucket = index + 1;
        return ref slot.Value;
    }

    private int ChainLength(int hash)
    {
        var length = 0;
        for (var i = _buckets[BucketOf(hash)] - 1; i >= 0; i = _slots[i].Next)
        {
            length++;
        }

        return length;
    }

    /// <summary>Chains every live slot into <paramref name="size"/> buckets and slots (a power of two), hashing the keys again if <paramref name="rehash"/>.</summary>
    private void Rebuild(int size, bool rehash)
    {
        if (size != _slots.Length)
        {
            Array.Resize(ref _slots, size);
        }

        _buckets = new int[size];
        _shift = 32 - BitOperations.Log2((uint)size);
        for (var i = 0; i < _used; i++)
        {
            ref var slot = ref _slots[i];
            if (slot.Key is null)
            {
                continue;
            }

            if (rehash)
            {
                slot.Hash = HashOf(slot.Key);
            }

            ref var bucket = ref _buckets[BucketOf(slot.Hash)];
            slot.Next = bucket - 1;
            bucket = i + 1;
        }
    }

    /// <summary>A two-lane multiply-free hash over the key's characters taken in pairs; <see cref="BucketOf"/> spreads its low bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int OrdinalHash(string key)
    {
        var chars = key.AsSpan();
        var pairs = MemoryMarshal.Cast<char, uint>(chars);
        uint first = 352654597;
        var second = first;
        var i = 0;
        for (; i + 1 < pairs.Length; i += 2)
        {
            first = (BitOperations.RotateLeft(first, 5) + first) ^ pairs[i];
            second = (BitOperations.RotateLeft(second, 5) + second) ^ pairs[i + 1];
        }

        if (i < pairs.Length)
        {
            first = (BitOperations.RotateLeft(first, 5) + first) ^ pairs[i];
        }

        if ((chars.Length & 1) != 0)
        {
            second = (BitOperations.RotateLeft(second, 5) + second) ^ chars[^1];
        }

        return (int)(first + (second * 1566083941));
    }

    /// <summary>One key's slot: the key (null when free), its hash, the next slot of its chain (or of the free list), and the value.</summary>
    private struct Slot
    {
        public string? Key;
        public int Hash;
        public int Next;
        public TValue Value;
    }

    /// <summary>Enumerates the live slots; a slot removed meanwhile is skipped, since slots never move.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<string, TValue>>
    {
        private readonly KeyTable<TValue> _table;
        private int _index;

        internal Enumerator(KeyTable<TValue> table)
        {
            _table = table;
            _index = -1;
        }

        /// <summary>The key and value at the enumerator's position.</summary>
        public readonly KeyValuePair<string, TValue> Current => new(_table._slots[_index].Key!, _table._slots[_index].Value);

        readonly object IEnumerator.Current => Current;

        /// <summary>Moves to the next live slot.</summary>
        public bool MoveNext()
        {
            while (++_index < _table._used)
            {
                if (_table._slots[_index].Key is not null)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Starts again from the first slot.</summary>
        public void Reset() => _index = -1;

        /// <summary>Nothing to release.</summary>
        public readonly void Dispose()
        {
        }
    }

    /// <summary>The table's keys, in slot order.</summary>
    public readonly struct KeyCollection(KeyTable<TValue> table) : IEnumerable<string>
    {
        /// <summary>Enumerates the keys.</summary>
        public KeyEnumerator GetEnumerator() => new(table.GetEnumerator());

        IEnumerator<string> IEnumerable<string>.GetEnumerator() => GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Enumerates the table's keys.</summary>
    public struct KeyEnumerator(Enumerator slots) : IEnumerator<string>
    {
        private Enumerator _slots = slots;

        /// <summary>The key at the enumerator's position.</summary>
        public readonly string Current => _slots.Current.Key;

        readonly object IEnumerator.Current => Current;

        /// <summary>Moves to the next key.</summary>
        public bool MoveNext() => _slots.MoveNext();

        /// <summary>Starts again from the first key.</summary>
        public void Reset() => _slots.Reset();

        /// <summary>Nothing to release.</summary>
        public readonly void Dispose()
        {
        }
    }
}
