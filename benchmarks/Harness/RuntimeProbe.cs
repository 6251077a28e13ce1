using System.Diagnostics;
using Orleans.Dataflow.Benchmarks.Checksums;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Silo.Hosting;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>What the runtime itself costs: the in-process silo's start-up, and one exchange batch between two partitions of a silo.</summary>
/// <remarks>
/// The call cost is measured by difference: the same records cross between two partitions of one silo once in
/// batches of one record and once in batches of <see cref="EngineSettings.ExchangeBatchSize"/>; the extra time of the
/// first run over its extra batches is what one batch costs, engine bookkeeping included. Inside a silo a batch goes
/// straight into the receiving partition's inbox, not by grain call (a grain call cost 11–14 µs here).
/// </remarks>
public static class RuntimeProbe
{
    private const int Records = 100_000;

    /// <summary>Starts the silo (timed) and measures the cost of a batch; prints both.</summary>
    public static void Print(TextWriter output)
    {
        var clock = Stopwatch.StartNew();
        DataflowRunner.StartLocalSilo();
        var startup = clock.Elapsed;
        RunRedistributed(EngineSettings.ExchangeBatchSize);
        var single = Median(() => RunRedistributed(1));
        var batched = Median(() => RunRedistributed(EngineSettings.ExchangeBatchSize));
        var batches = Records / 2.0;
        output.WriteLine($"runtime: in-process silo answered {startup.TotalSeconds:0.00} s after start; one exchange batch between partitions of a silo costs "
            + $"{(single - batched).TotalMicroseconds / batches:0.0} µs, handed to its inbox ({Records:N0} records redistributed over 2 partitions: "
            + $"{single.TotalSeconds:0.000} s in batches of 1, {batched.TotalSeconds:0.000} s in batches of {EngineSettings.ExchangeBatchSize})");
    }

    private static TimeSpan Median(Func<TimeSpan> run)
    {
        var times = Enumerable.Range(0, 3).Select(_ => run()).Order().ToList();
        return times[1];
    }

    private static TimeSpan RunRedistributed(int exchangeBatchSize)
    {
        var totals = new ChecksumTotals();
        var flow = new Dataflow("exchange_probe");
        flow.Input("inp", new TestingSource<int>(Enumerable.Range(0, Records), EngineSettings.SourceBatchSize))
            .Redistribute("spread")
            .Output("out", new RowCountSink<int>(totals));
        var clock = Stopwatch.StartNew();
        DataflowRunner.Run(flow, new ExecutionOptions { WorkerCount = 2, ExchangeBatchSize = exchangeBatchSize, EpochInterval = EngineSettings.EpochInterval });
        var elapsed = clock.Elapsed;
        if (totals.Value.Rows != Records)
        {
            throw new InvalidOperationException($"the exchange probe counted {totals.Value.Rows} rows, not {Records}");
        }

        return elapsed;
    }
}
