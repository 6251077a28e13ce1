using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Abstractions.Tests.Connectors;

/// <summary>Drives source partitions directly, as the engine would, without an engine.</summary>
internal static class PartitionDriver
{
    /// <summary>Calls NextBatch once; returns the batch and whether the partition goes on.</summary>
    public static (List<T> Batch, bool More) Next<T, TState>(StatefulSourcePartition<T, TState> partition)
    {
        var batch = new List<T>();
        var more = partition.NextBatch(batch);
        return (batch, more);
    }

    /// <summary>Calls NextBatch until EOF; returns every batch.</summary>
    public static List<List<T>> Batches<T, TState>(StatefulSourcePartition<T, TState> partition)
    {
        var batches = new List<List<T>>();
        for (var calls = 0; calls < 1_000_000; calls++)
        {
            var (batch, more) = Next(partition);
            batches.Add(batch);
            if (!more)
            {
                return batches;
            }
        }

        throw new InvalidOperationException("the partition never reached EOF");
    }

    /// <summary>Calls NextBatch until EOF; returns every item.</summary>
    public static List<T> Drain<T, TState>(StatefulSourcePartition<T, TState> partition)
        => [.. Batches(partition).SelectMany(b => b)];
}
