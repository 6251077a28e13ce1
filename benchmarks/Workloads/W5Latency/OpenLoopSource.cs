using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Benchmarks.Workloads.W5Latency;

/// <summary>The W5 input: <paramref name="partitions"/> partitions emitting (key, due timestamp) records when they are due on <paramref name="schedule"/>.</summary>
/// <remarks>Partition <c>p</c> of <c>n</c> emits records <c>p, p + n, …</c>; key <c>i % 1000</c>. Its snapshot is the <see cref="System.Diagnostics.Stopwatch"/> timestamp when it was taken: the epoch's cut, for the round-trip figure.</remarks>
/// <param name="schedule">When records are due.</param>
/// <param name="partitions">How many partitions (one per worker).</param>
/// <param name="sleeping">Whether a partition asks to be woken at its next due time (a sleeping source) instead of being polled at once (a busy one).</param>
public sealed class OpenLoopSource(OpenLoopSchedule schedule, int partitions, bool sleeping) : FixedPartitionedSource<(int Key, long Due), long>
{
    /// <summary>Keys in the run.</summary>
    public const int KeyCount = 1000;

    /// <inheritdoc/>
    public override IReadOnlyList<string> ListParts() => [.. Enumerable.Range(0, partitions).Select(p => $"p{p:D3}")];

    /// <inheritdoc/>
    public override StatefulSourcePartition<(int Key, long Due), long> BuildPart(string stepId, string forPart, long resumeState)
        => new OpenLoopPartition(schedule, int.Parse(forPart.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture), partitions, sleeping);
}
