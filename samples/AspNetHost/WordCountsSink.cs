using Orleans.Dataflow.Outputs;

namespace Orleans.Dataflow.Samples.AspNetHost;

/// <summary>The flow's output: every worker adds the <c>(word, count)</c> pairs it emits to the host's <see cref="WordCounts"/>.</summary>
/// <remarks>
/// The sink object is handed to the partitions by reference, which holds because they run on this host's own silo;
/// a flow spread over several processes would write each process's share into that process's store.
/// </remarks>
public sealed class WordCountsSink(WordCounts counts) : DynamicSink<(string Key, long Value)>
{
    /// <inheritdoc/>
    public override StatelessSinkPartition<(string Key, long Value)> Build(string stepId, int workerIndex, int workerCount) => new Partition(counts);

    private sealed class Partition(WordCounts counts) : StatelessSinkPartition<(string Key, long Value)>
    {
        public override void WriteBatch(IReadOnlyList<(string Key, long Value)> items) => counts.Add(items);
    }
}
