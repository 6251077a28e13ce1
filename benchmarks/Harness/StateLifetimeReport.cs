using System.Diagnostics;
using Orleans.Dataflow.Benchmarks.Checksums;
using Orleans.Dataflow.Connectors;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Silo.Hosting;

namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>Whether a state time-to-live keeps a recovery store flat when keys are ever new: runs of growing length with and without one, on a SQLite store, against a hand-written loop.</summary>
/// <remarks>
/// Event <c>i</c> has key <c>s{i / 20}</c>, so a key gets 20 events in a row and is never seen again (a session, an
/// order, a device that went away). A running count per key (<c>StatefulMap</c>) snapshots every 20 ms. Without a
/// time-to-live every key stays in the state and the store forever; with one of 100 ms a key is dropped a little
/// after its last event, so the store holds only the keys of the last ~120 ms whatever the run's length. The
/// hand-written loop does the same counting with the same expiry, by the same clock, checked every 20 ms.
/// </remarks>
public static class StateLifetimeReport
{
    private const int EventsPerKey = 20;
    private static readonly TimeSpan _epoch = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan _timeToLive = TimeSpan.FromMilliseconds(100);

    /// <summary>Runs the three lengths (divided by <paramref name="divisor"/>) with and without the time-to-live and prints store sizes, live keys and throughput against the loop.</summary>
    public static void Print(TextWriter output, int divisor)
    {
        output.WriteLine();
        output.WriteLine("== state time-to-live: store size with ever-new keys ==");
        output.WriteLine($"event i has key s{{i / {EventsPerKey}}} (each key {EventsPerKey} events, then never again) -> StatefulMap(running count) -> sink counts rows; "
            + $"1 worker, SQLite store, epochs of {_epoch.TotalMilliseconds:0} ms, time-to-live {_timeToLive.TotalMilliseconds:0} ms or none");
        output.WriteLine($"{"events",12} {"store, no TTL",16} {"store, TTL",14} {"keys left (loop)",18} {"loop s",8} {"engine+TTL s",13} {"ratio",7}");
        foreach (var events in new long[] { 4_000_000, 8_000_000, 16_000_000 }.Select(e => e / divisor))
        {
            var without = Run(events, timeToLive: null, out _);
            var with = Run(events, _timeToLive, out var engineTime);
            var (liveKeys, loopTime) = RunLoop(events);
            output.WriteLine($"{events,12:N0} {Megabytes(without),16} {Megabytes(with),14} {liveKeys,18:N0} {loopTime.TotalSeconds,8:0.000} {engineTime.TotalSeconds,13:0.000} {loopTime / engineTime,7:0.000}");
        }

        output.WriteLine("  flat: the TTL column stays about the same as the run doubles, while the one without grows with it");
    }

    private static string Megabytes(long bytes) => $"{bytes / 1048576.0:0.0} MB";

    /// <summary>Runs the flow over <paramref name="events"/> events on a fresh store; returns the store's size on disk after the run.</summary>
    private static long Run(long events, TimeSpan? timeToLive, out TimeSpan elapsed)
    {
        using var directory = RecoveryDirectory.Create(partitions: 1);
        var totals = new ChecksumTotals();
        var flow = new Dataflow("state_ttl");
        var counts = flow.Input("events", new EnumerableSource<long>(() => Sequence(events), EngineSettings.SourceBatchSize))
            .KeyOn("key", i => $"s{i / EventsPerKey}")
            .StatefulMap("count", (long count, long _) => (count + 1, count + 1));
        if (timeToLive is { } ttl)
        {
            counts = counts.WithStateTimeToLive(ttl);
        }

        counts.Output("out", new RowCountSink<(string Key, long Value)>(totals));
        var clock = Stopwatch.StartNew();
        using (var store = directory.Open(flow.Id))
        {
            DataflowRunner.Run(flow, new ExecutionOptions { WorkerCount = 1, EpochInterval = _epoch, Recovery = store });
        }

        elapsed = clock.Elapsed;
        if (totals.Value.Rows != events)
        {
            throw new InvalidOperationException($"the state time-to-live run counted {totals.Value.Rows} rows, not {events}");
        }

        return directory.SizeBytes();
    }

    /// <summary>The same counting by hand: a dictionary of (count, last seen), swept every epoch for keys idle longer than the time-to-live.</summary>
    private static (int LiveKeys, TimeSpan Elapsed) RunLoop(long events)
    {
        var clock = Stopwatch.StartNew();
        var counts = new Dictionary<string, (long Count, long LastSeen)>(StringComparer.Ordinal);
        var expired = new List<string>();
        var nextSweep = _epoch.Ticks;
        long rows = 0;
        for (long i = 0; i < events; i++)
        {
            var now = clock.Elapsed.Ticks;
            var key = $"s{i / EventsPerKey}";
            counts[key] = (counts.TryGetValue(key, out var seen) ? seen.Count + 1 : 1, now);
            rows++;
            if (now >= nextSweep)
            {
                nextSweep = now + _epoch.Ticks;
                expired.AddRange(counts.Where(c => now - c.Value.LastSeen >= _timeToLive.Ticks).Select(c => c.Key));
                expired.ForEach(k => counts.Remove(k));
                expired.Clear();
            }
        }

        if (rows != events)
        {
            throw new InvalidOperationException($"the loop counted {rows} rows, not {events}");
        }

        return (counts.Count, clock.Elapsed);
    }

    private static IEnumerable<long> Sequence(long count)
    {
        for (long i = 0; i < count; i++)
        {
            yield return i;
        }
    }
}
