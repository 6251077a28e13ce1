using Orleans.Dataflow.Benchmarks.Harness;

namespace Orleans.Dataflow.Benchmarks.Workloads.W5Latency;

/// <summary>What the sink partitions of one W5 run measured together: the latency histogram and the rows seen.</summary>
/// <remarks>Thread-safe: partitions add into it when they are disposed.</remarks>
public sealed class LatencyTotals
{
    private readonly object _gate = new();
    private readonly LatencyHistogram _histogram = new();
    private long _rows;

    /// <summary>Adds a partition's histogram and rows.</summary>
    public void Add(LatencyHistogram histogram, long rows)
    {
        lock (_gate)
        {
            _histogram.Add(histogram);
            _rows += rows;
        }
    }

    /// <summary>The merged histogram.</summary>
    public LatencyHistogram Histogram
    {
        get
        {
            lock (_gate)
            {
                return _histogram;
            }
        }
    }

    /// <summary>Every row the partitions saw, measured or not.</summary>
    public long Rows
    {
        get
        {
            lock (_gate)
            {
                return _rows;
            }
        }
    }
}
