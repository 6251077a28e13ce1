namespace Orleans.Dataflow.Grains.Execution;

/// <summary>Which worker owns a key: keys hash to a fixed number of key partitions, and key partition <c>p</c> belongs to worker <c>p mod workers</c>.</summary>
internal sealed class KeyOwners
{
    private readonly int[] _owners;

    /// <summary>The owners of <paramref name="keyPartitionCount"/> key partitions among <paramref name="workers"/> workers.</summary>
    public KeyOwners(int keyPartitionCount, int workers)
    {
        _owners = Enumerable.Range(0, keyPartitionCount).Select(p => p % workers).ToArray();
    }

    /// <summary>The worker that owns <paramref name="key"/>.</summary>
    public int OwnerOf(string key) => _owners[(int)(Serialization.StableHash.Of(key) % (ulong)_owners.Length)];
}
