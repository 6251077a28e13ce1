using System.Text;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>The keys an exchange's receiver read lately, so that a key read again from the wire is the string it already holds rather than a new copy.</summary>
/// <remarks>
/// A key that crosses silos used to become a new string per record: millions of short-lived strings per second, each
/// one compared character by character with the state's copy of the key. Kept here, a key read again is one lookup,
/// no allocation, and the same instance the stateful step holds, which its dictionary compares by reference first.
/// A direct-mapped table: a key evicts whichever key shared its slot, so memory stays bounded (<see cref="Slots"/>
/// references) whatever the number of distinct keys. Only short ASCII keys are kept; others are read as before.
/// Not thread-safe: one reader at a time.
/// </remarks>
internal sealed class KeyStrings
{
    /// <summary>How many keys the table holds at most.</summary>
    public const int Slots = 1 << 16;

    private const int MaxKeyBytes = 128;
    private string?[]? _slots;

    /// <summary>The key whose UTF-8 bytes are <paramref name="utf8"/>: the instance read before, or one read by <paramref name="serde"/>.</summary>
    /// <exception cref="SerdeException">The bytes are not a key <paramref name="serde"/> can read.</exception>
    public string Read(ReadOnlySpan<byte> utf8, ISerde<string> serde)
    {
        if (utf8.Length > MaxKeyBytes)
        {
            return serde.Deserialize(utf8);
        }

        var slots = _slots ??= new string?[Slots];
        var hash = new HashCode();
        hash.AddBytes(utf8);
        ref var slot = ref slots[hash.ToHashCode() & (Slots - 1)];
        if (slot is { } known && Ascii.Equals(utf8, known))
        {
            return known;
        }

        var key = serde.Deserialize(utf8);
        if (key is not null && Ascii.IsValid(key))
        {
            slot = key;
        }

        return key!;
    }
}
