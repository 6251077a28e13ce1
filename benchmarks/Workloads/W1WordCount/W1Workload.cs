using System.Runtime.InteropServices;
using Orleans.Dataflow.Benchmarks.Checksums;
using Orleans.Dataflow.Benchmarks.Harness;

namespace Orleans.Dataflow.Benchmarks.Workloads.W1WordCount;

/// <summary>W1 wordcount: lines of ten words, split on spaces, <c>CountFinal</c> by word, a sink that counts rows and sums counts.</summary>
/// <remarks>
/// Full size is 1 000 000 lines (seed 42): 100 000 distinct words, 10 000 000 in all. The lines are generated in
/// <see cref="Prepare"/>, before any timer, and both sides split them with <see cref="string.Split(char, StringSplitOptions)"/>.
/// </remarks>
public sealed class W1Workload : IWorkload
{
    /// <summary>The number of lines at full size.</summary>
    public const long FullCount = 1_000_000;

    /// <summary>The seed of the lines.</summary>
    public const ulong Seed = 42;

    private readonly long _count;
    private string[] _lines = [];

    /// <summary>Creates W1 over <paramref name="count"/> lines.</summary>
    public W1Workload(long count)
    {
        _count = count;
    }

    /// <inheritdoc/>
    public string Name => "w1";

    /// <inheritdoc/>
    public string Title => "W1 wordcount";

    /// <inheritdoc/>
    public string Description => $"{_count:N0} lines (seed {Seed}) x {WordLines.WordsPerLine} words, generated before the timer; "
        + "FlatMap(split ' ') -> CountFinal(word) -> sink counts rows, sums counts";

    /// <inheritdoc/>
    public long Records => _count;

    /// <inheritdoc/>
    public Checksum? Expected => _count == FullCount ? new Checksum(100_000, 10_000_000) : null;

    /// <inheritdoc/>
    public FloorSpec Floors { get; } = new(MinRecordsPerSecond: null, MinRatioToBaseline: 0.6, MinTwoWorkerRatioToBaseline: 0.85, MinTwoWorkerSpeedup: 1.5, MinClusterRatioToTwoWorkers: 0.6);

    /// <inheritdoc/>
    public bool IsSumOrderDependent(int workers) => false;

    /// <inheritdoc/>
    public void Prepare() => _lines = WordLines.Generate(_count, Seed);

    /// <inheritdoc/>
    public void Release() => _lines = [];

    /// <inheritdoc/>
    public Checksum RunBaseline()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in _lines)
        {
            foreach (var word in line.Split(' '))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(counts, word, out _)++;
            }
        }

        long rows = 0;
        long sum = 0;
        foreach (var (_, count) in counts)
        {
            rows++;
            sum = unchecked(sum + count);
        }

        return new Checksum(rows, sum);
    }

    /// <inheritdoc/>
    public Checksum RunEngine(EngineMode mode)
    {
        var totals = new ChecksumTotals();
        var flow = new Dataflow("w1");
        flow.Input("lines", new W1Source(_lines, EngineSettings.SourceBatchSize))
            .FlatMap("split", static line => line.Split(' '))
            .CountFinal("count", static word => word)
            .Output("checksum", new KeyedChecksumSink(totals));
        return EngineRun.Execute(flow, mode, totals);
    }
}
