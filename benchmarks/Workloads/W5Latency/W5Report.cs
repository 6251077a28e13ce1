using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Orleans.Dataflow.Benchmarks.Harness;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Silo.Hosting;
using Orleans.Dataflow.TestingHost;

namespace Orleans.Dataflow.Benchmarks.Workloads.W5Latency;

/// <summary>W5 latency: an open-loop source through map → key → running count → sink, end-to-end latency per record against a hand-written thread doing the same work.</summary>
/// <remarks>
/// At 100 k and 1 M records/s (1 000 keys), records are stamped with the time they are due and emitted when due,
/// by a busy source (polled every round) or a sleeping one (asks to be woken at the next due time). The sink records
/// each record's latency from its due time into a log-bucket histogram. Modes: 1 and 2 workers, and 2 silos × 1
/// worker (a TestCluster in this process). The baseline: the same busy open-loop schedule on a producer thread,
/// feeding a consumer thread through a queue that does the same map, key lookup and count. Then the epoch round
/// trip (cut to commit) with 50 ms epochs on an in-memory store and on a SQLite store. Epochs are 1 s elsewhere.
/// </remarks>
public static class W5Report
{
    private const string SourceStep = "events";
    private static readonly TimeSpan _epoch = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan _roundTripEpoch = TimeSpan.FromMilliseconds(50);
    private static readonly string[] _keys = [.. Enumerable.Range(0, OpenLoopSource.KeyCount).Select(k => $"k{k:D3}")];

    /// <summary>Runs every mode at both rates, the baselines and the round trips, and prints a table with the floors and Timely's figures.</summary>
    /// <param name="output">Where the table goes.</param>
    /// <param name="quick">Whether runs are short (a smoke run: floors not judged).</param>
    /// <param name="seconds">How long each run measures, after a warm-up of a sixth of it (at least 0.2 s).</param>
    public static void Print(TextWriter output, bool quick, double seconds)
    {
        ArgumentNullException.ThrowIfNull(output);
        var duration = TimeSpan.FromSeconds(quick ? Math.Min(seconds, 0.5) : seconds);
        var warmUp = TimeSpan.FromSeconds(Math.Max(0.2, duration.TotalSeconds / 6));
        output.WriteLine();
        output.WriteLine("== W5 latency: open-loop source -> Map -> KeyOn -> StatefulMap(running count) -> sink, end-to-end latency per record ==");
        output.WriteLine($"{OpenLoopSource.KeyCount:N0} keys; records due at start + i / rate and emitted when due; each run measures {duration.TotalSeconds:0.0} s after a {warmUp.TotalSeconds:0.0} s warm-up; "
            + $"epochs {_epoch.TotalSeconds:0} s, no store; latency from due time to the sink's clock read (once per batch); host load {HostLoad.Describe()}");
        output.WriteLine("baseline: the same busy open-loop schedule on a producer thread, a consumer thread doing map, key lookup and count through a ConcurrentQueue (both spin)");
        RunEngine(1, 1, 100_000, sleeping: false, duration, warmUp);
        var results = new List<(string Mode, double Rate, LatencyHistogram Latency, LatencyHistogram Baseline)>();
        foreach (var rate in new[] { 100_000d, 1_000_000d })
        {
            var baseline = RunBaseline(rate, duration, warmUp);
            output.WriteLine($"-- {rate / 1e3:N0} k records/s --");
            output.WriteLine($"  {"mode",-30} {"p50",10} {"p99",10} {"p99.9",10} {"max",10} {"p50 ratio",10} {"p99 ratio",10}");
            Row(output, "baseline thread + queue", baseline, baseline);
            foreach (var (workers, silos, sleeping) in new[] { (1, 1, false), (1, 1, true), (2, 1, false), (2, 1, true), (2, 2, false) })
            {
                var mode = $"{(silos > 1 ? "2 silos x 1 worker" : $"{workers} worker{(workers > 1 ? "s" : string.Empty)}")}, {(sleeping ? "sleeping" : "busy")} source";
                var measured = RunEngine(workers, silos, rate, sleeping, duration, warmUp);
                Row(output, mode, measured, baseline);
                results.Add((mode, rate, measured, baseline));
            }
        }

        output.WriteLine("floors (quiet machine) and Timely Dataflow 0.12 on the same machine kind (trivial exchange flow, busy-looping workers, from issue 18):");
        Floor(output, quick, results, "2 workers, busy source", 1e6, p50: 50_000, p99: 500_000, timely: "Timely 2 workers: p50 <= 6.9 us, p99 <= 66 us, p99.9 <= 3.7 ms");
        Floor(output, quick, results, "1 worker, sleeping source", 1e6, p50: 100_000, p99: null, timely: "Timely 1 worker: p50 <= 4.4 us, p99 <= 30 us, p99.9 <= 0.6 ms");
        output.WriteLine($"epoch round trip (cut to commit), 1 worker, busy source at 100 k records/s, {_roundTripEpoch.TotalMilliseconds:0} ms epochs:");
        var memory = new CutTimingStore(new InMemoryRecoveryStore(), SourceStep);
        var latency = RunEngine(1, 1, 100_000, sleeping: false, duration, warmUp, memory, _roundTripEpoch);
        RoundTrip(output, "in-memory store", memory.RoundTrips, latency);
        using var directory = RecoveryDirectory.Create(1);
        using var sqlite = directory.Open("w5");
        var timed = new CutTimingStore(sqlite, SourceStep);
        var onDisk = RunEngine(1, 1, 100_000, sleeping: false, duration, warmUp, timed, _roundTripEpoch);
        RoundTrip(output, "SQLite store", timed.RoundTrips, onDisk);
    }

    private static LatencyHistogram RunEngine(int workers, int silos, double rate, bool sleeping, TimeSpan duration, TimeSpan warmUp, IRecoveryStore? store = null, TimeSpan? epoch = null)
    {
        var schedule = new OpenLoopSchedule(rate, duration, warmUp);
        var totals = new LatencyTotals();
        var flow = new Dataflow("w5");
        flow.Input(SourceStep, new OpenLoopSource(schedule, workers, sleeping))
            .Map("map", static r => (Key: Remap(r.Key), r.Due))
            .KeyOn("key", static r => _keys[r.Key])
            .StatefulMap<(int Key, long Due), long, (long Count, long Due)>("count", static (count, r) => (count + 1, (count + 1, r.Due)))
            .Output("latency", new LatencySink(schedule, totals));
        var options = new ExecutionOptions { WorkerCount = workers, EpochInterval = epoch ?? _epoch, ExchangeBatchSize = EngineSettings.ExchangeBatchSize, Recovery = store };
        var result = silos > 1 ? new TestCluster(silos, workers / silos).Run(flow, options) : DataflowRunner.Run(flow, options);
        if (result.Outcome != ExecutionOutcome.Completed || totals.Rows != schedule.Count)
        {
            throw new InvalidOperationException($"W5 on {workers} workers ended {result.Outcome} with {totals.Rows} of {schedule.Count} rows");
        }

        return totals.Histogram;
    }

    private static LatencyHistogram RunBaseline(double rate, TimeSpan duration, TimeSpan warmUp)
    {
        var schedule = new OpenLoopSchedule(rate, duration, warmUp);
        var queue = new ConcurrentQueue<(int Key, long Due)>();
        var histogram = new LatencyHistogram();
        var consumer = new Thread(() =>
        {
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            var measuredFrom = schedule.MeasuredFrom;
            var spinner = default(SpinWait);
            for (long seen = 0; seen < schedule.Count;)
            {
                if (!queue.TryDequeue(out var record))
                {
                    spinner.SpinOnce(sleep1Threshold: -1);
                    continue;
                }

                seen++;
                var key = Remap(record.Key);
                ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, _keys[key], out _);
                count++;
                if (record.Due >= measuredFrom)
                {
                    histogram.RecordTimestamps(record.Due, Stopwatch.GetTimestamp());
                }
            }
        }) { Name = "W5 baseline consumer" };
        consumer.Start();
        var spin = default(SpinWait);
        for (long next = 0; next < schedule.Count;)
        {
            var now = Stopwatch.GetTimestamp();
            var due = schedule.DueOf(next);
            if (due > now)
            {
                spin.SpinOnce(sleep1Threshold: -1);
                continue;
            }

            queue.Enqueue(((int)(next % OpenLoopSource.KeyCount), due));
            next++;
        }

        consumer.Join();
        return histogram;
    }

    private static int Remap(int key) => ((key * 7) + 3) % OpenLoopSource.KeyCount;

    private static void Row(TextWriter output, string mode, LatencyHistogram latency, LatencyHistogram baseline)
        => output.WriteLine($"  {mode,-30} {Micros(latency.Quantile(0.5)),10} {Micros(latency.Quantile(0.99)),10} {Micros(latency.Quantile(0.999)),10} {Micros(latency.MaxNanoseconds),10} "
            + $"{Ratio(latency.Quantile(0.5), baseline.Quantile(0.5)),10} {Ratio(latency.Quantile(0.99), baseline.Quantile(0.99)),10}");

    private static void Floor(TextWriter output, bool quick, List<(string Mode, double Rate, LatencyHistogram Latency, LatencyHistogram Baseline)> results, string mode, double rate, long p50, long? p99, string timely)
    {
        var latency = results.Single(r => r.Mode == mode && r.Rate == rate).Latency;
        var verdict = quick ? "n/a (--quick)" : latency.Quantile(0.5) <= p50 && (p99 is null || latency.Quantile(0.99) <= p99) ? "PASS" : "FAIL";
        output.WriteLine($"  {mode} at {rate / 1e6:0} M records/s: p50 {Micros(latency.Quantile(0.5))} (floor <= {Micros(p50)})"
            + (p99 is { } bound ? $", p99 {Micros(latency.Quantile(0.99))} (floor <= {Micros(bound)})" : string.Empty) + $"  {verdict}  |  {timely}");
    }

    private static void RoundTrip(TextWriter output, string store, LatencyHistogram roundTrips, LatencyHistogram latency)
        => output.WriteLine($"  {store,-16} {roundTrips.Count,4} epochs: round trip p50 {Micros(roundTrips.Quantile(0.5))}, p99 {Micros(roundTrips.Quantile(0.99))}, max {Micros(roundTrips.MaxNanoseconds)}"
            + $"  |  record latency p50 {Micros(latency.Quantile(0.5))}, p99 {Micros(latency.Quantile(0.99))}, p99.9 {Micros(latency.Quantile(0.999))}");

    private static string Micros(long nanoseconds) => nanoseconds >= 10_000_000 ? $"{nanoseconds / 1e6:0} ms" : nanoseconds >= 1_000_000 ? $"{nanoseconds / 1e6:0.0} ms" : $"{nanoseconds / 1e3:0.0} us";

    private static string Ratio(long value, long baseline) => baseline == 0 ? "n/a" : $"{(double)value / baseline:0.0}";
}
