using System.Buffers;
using System.Text;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>The keys an exchange's receiver has read, so that a key read again from the wire is the string it already holds rather than a new copy.</summary>
/// <remarks>
/// A key that crosses silos used to become a new string per record: millions of short-lived strings per second, each
/// one compared character by character with the state's copy of the key. Kept here, a key read again is one lookup,
/// no allocation, and the same instance the stateful step holds, which its dictionary compares by reference first.
/// The set is looked up by the key's characters, widened from its ASCII bytes into a buffer of its own, so a hit allocates nothing.
/// It holds every key up to a maximum (<see cref="DefaultMaxKeys"/>) and then starts again empty: a direct-mapped table of 65,536 slots
/// tried before missed on half of 100,000 keys, as keys sharing a slot evicted each other on every read. Only short
/// ASCII keys are kept; others are read as before. Not thread-safe: one reader at a time.
/// </remarks>
internal sealed class KeyStrings
{
    /// <summary>How many keys an exchange's set holds at most before it is emptied.</summary>
    public const int DefaultMaxKeys = 1 << 20;

    private const int MaxKeyBytes = 128;
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _byChars;
    private readonly int _maxKeys;

    // Reused rather than a stackalloc, which would zero its 256 bytes on every read.
    private readonly char[] _chars = new char[MaxKeyBytes];

    /// <summary>An empty set that holds at most <paramref name="maxKeys"/> keys before it is emptied.</summary>
    public KeyStrings(int maxKeys = DefaultMaxKeys)
    {
        _byChars = _keys.GetAlternateLookup<ReadOnlySpan<char>>();
        _maxKeys = maxKeys;
    }

    /// <summary>The key whose UTF-8 bytes are <paramref name="utf8"/>: the instance read before, or one read by <paramref name="serde"/>.</summary>
    /// <exception cref="SerdeException">The bytes are not a key <paramref name="serde"/> can read.</exception>
    public string Read(ReadOnlySpan<byte> utf8, ISerde<string> serde)
    {
        var chars = _chars.AsSpan();
        if (utf8.Length > MaxKeyBytes || Ascii.ToUtf16(utf8, chars, out var length) != OperationStatus.Done)
        {
            return serde.Deserialize(utf8);
        }

        if (_byChars.TryGetValue(chars[..length], out var known))
        {
            return known;
        }

        var key = serde.Deserialize(utf8);
        if (key is not null && key.AsSpan().SequenceEqual(chars[..length]))
        {
            if (_keys.Count == _maxKeys)
            {
                _keys.Clear();
            }

            _keys.Add(key);
        }

        return key!;
    }
}
