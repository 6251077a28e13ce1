using System.Numerics;

namespace Orleans.Dataflow.Grains.Execution;

/// <summary>Which worker owns a key: keys hash to a fixed number of key partitions, and key partition <c>p</c> belongs to worker <c>p mod workers</c>.</summary>
internal sealed class KeyOwners
{
    private readonly int[] _owners;
    private readonly ulong _mask;

    /// <summary>The owners of <paramref name="keyPartitionCount"/> key partitions among <paramref name="workers"/> workers.</summary>
    public KeyOwners(int keyPartitionCount, int workers)
    {
        _owners = Enumerable.Range(0, keyPartitionCount).Select(p => p % workers).ToArray();
        _mask = BitOperations.IsPow2(keyPartitionCount) ? (ulong)keyPartitionCount - 1 : 0;
    }

    /// <summary>The worker that owns <paramref name="key"/>.</summary>
    /// <remarks>A power-of-two partition count (the default 256) takes a mask instead of a 64-bit division: this runs once per record that crosses an exchange.</remarks>
    public int OwnerOf(string key)
    {
        var hash = Serialization.StableHash.Of(key);
        return _owners[(int)(_mask != 0 ? hash & _mask : hash % (ulong)_owners.Length)];
    }
}
