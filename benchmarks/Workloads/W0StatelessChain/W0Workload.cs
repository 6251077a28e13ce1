using Orleans.Dataflow.Benchmarks.Checksums;
using Orleans.Dataflow.Benchmarks.Harness;

namespace Orleans.Dataflow.Benchmarks.Workloads.W0StatelessChain;

/// <summary>W0 stateless chain: integers <c>i</c>, <c>map(i * 3 + 1)</c>, <c>filter(even)</c>, a sink that counts and sums. No exchange.</summary>
/// <remarks>Full size is 20 000 000 integers: 10 000 000 rows summing to 300 000 010 000 000.</remarks>
public sealed class W0Workload : IWorkload
{
    /// <summary>The number of integers at full size.</summary>
    public const long FullCount = 20_000_000;

    private readonly long _count;

    /// <summary>Creates W0 over <paramref name="count"/> integers.</summary>
    public W0Workload(long count)
    {
        _count = count;
    }

    /// <inheritdoc/>
    public string Name => "w0";

    /// <inheritdoc/>
    public string Title => "W0 stateless chain";

    /// <inheritdoc/>
    public string Description => $"{_count:N0} integers i; map(i*3+1) -> filter(even) -> sink counts rows and sums (wrapping)";

    /// <inheritdoc/>
    public long Records => _count;

    /// <inheritdoc/>
    public Checksum? Expected => _count == FullCount ? new Checksum(10_000_000, 300_000_010_000_000) : null;

    /// <inheritdoc/>
    public FloorSpec Floors { get; } = new(MinRecordsPerSecond: 10_000_000, MinRatioToBaseline: null);

    /// <inheritdoc/>
    public bool IsSumOrderDependent(int workers) => false;

    /// <inheritdoc/>
    public void Prepare()
    {
    }

    /// <inheritdoc/>
    public void Release()
    {
    }

    /// <inheritdoc/>
    public Checksum RunBaseline()
    {
        long rows = 0;
        long sum = 0;
        for (long i = 0; i < _count; i++)
        {
            var value = unchecked((i * 3) + 1);
            if ((value & 1) == 0)
            {
                rows++;
                sum = unchecked(sum + value);
            }
        }

        return new Checksum(rows, sum);
    }

    /// <inheritdoc/>
    public Checksum RunEngine(EngineMode mode)
    {
        var totals = new ChecksumTotals();
        var flow = new Dataflow("w0");
        flow.Input("numbers", new W0Source(_count, EngineSettings.SourceBatchSize))
            .Map("times_three_plus_one", static i => unchecked((i * 3) + 1))
            .Filter("even", static v => (v & 1) == 0)
            .Output("checksum", new LongChecksumSink(totals));
        return EngineRun.Execute(flow, mode, totals);
    }
}
