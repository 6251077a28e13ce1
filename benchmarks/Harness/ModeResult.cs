namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>The measured runs of one mode of one workload (the baseline loop, or the engine with some worker count) and their medians.</summary>
/// <param name="Label">How the table names the mode, e.g. <c>engine 2 workers</c>.</param>
/// <param name="ShortLabel">How the progress lines and the summary name the mode, e.g. <c>2w</c>.</param>
/// <param name="Workers">The engine's worker count, all processes together; 0 for the hand-written baseline.</param>
/// <param name="Processes">How many silos ran the mode: 1, or more for a TestCluster of several silos.</param>
/// <param name="Runs">The measured runs, warm-up excluded.</param>
/// <param name="Verdict">The checksum column: <c>ok</c>, <c>ok (rows)</c> when only rows are comparable, or <c>MISMATCH</c>.</param>
/// <param name="Recovery">Whether the mode's runs wrote to a SQLite recovery store.</param>
public sealed record ModeResult(string Label, string ShortLabel, int Workers, int Processes, IReadOnlyList<RunMeasurement> Runs, string Verdict, bool Recovery)
{
    /// <summary>Whether a listener collected the meters during the runs (<c>--metrics</c>).</summary>
    public bool Metrics { get; init; }

    /// <summary>How many copies of the workload each run did at once: 1, or 2 for the hand-written loop on two threads at once (what this machine gives two threads).</summary>
    public int Copies { get; init; } = 1;

    /// <summary>Whether this is the hand-written loop, alone or as copies at once.</summary>
    public bool IsBaseline => Workers == 0;

    /// <summary>Whether the mode ran in several processes connected over TCP.</summary>
    public bool IsCluster => Processes > 1;

    /// <summary>The median wall-clock time of the runs.</summary>
    public TimeSpan MedianElapsed => TimeSpan.FromTicks((long)Median.Of(Runs.Select(r => (double)r.Elapsed.Ticks)));

    /// <summary>The median processor time of the runs, all threads of the process (of every process, for a cluster) together.</summary>
    public TimeSpan MedianCpuTime => TimeSpan.FromTicks((long)Median.Of(Runs.Select(r => (double)r.CpuTime.Ticks)));

    /// <summary>Median bytes allocated per run.</summary>
    public double MedianAllocatedBytes => Median.Of(Runs.Select(r => (double)r.AllocatedBytes));

    /// <summary>Median gen-0 collections per run.</summary>
    public double MedianGen0 => Median.Of(Runs.Select(r => (double)r.Gen0));

    /// <summary>Median gen-1 collections per run.</summary>
    public double MedianGen1 => Median.Of(Runs.Select(r => (double)r.Gen1));

    /// <summary>Median gen-2 collections per run.</summary>
    public double MedianGen2 => Median.Of(Runs.Select(r => (double)r.Gen2));

    /// <summary>The highest peak RSS of any run.</summary>
    public long MaxPeakRssBytes => Runs.Max(r => r.PeakRssBytes);

    /// <summary>The median size of the runs' recovery directories after the run; null for a mode without a store.</summary>
    public double? MedianStoreBytes => Recovery ? Median.Of(Runs.Select(r => (double)(r.StoreBytes ?? 0))) : null;

    /// <summary>The median bytes the processes sent each other during a run; null for a mode in one process.</summary>
    public double? MedianTransportBytes => IsCluster ? Median.Of(Runs.Select(r => (double)(r.TransportBytes ?? 0))) : null;

    /// <summary>The checksum of the first measured run (all runs were verified).</summary>
    public Checksum Checksum => Runs[0].Checksum;

    /// <summary>Input records per second at the median time, of all the run's copies together.</summary>
    public double RecordsPerSecond(long records) => Copies * records / MedianElapsed.TotalSeconds;
}
