using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Serialization;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Stateful;

/// <summary>A stateful step's state time-to-live: idle keys are dropped with a tombstone, busy keys are kept.</summary>
/// <remarks>
/// The run's clock moves one second on every read and the epoch interval is a millisecond, so every round of the
/// worker cuts an epoch and at least a second passes per item (one item per batch): a key idle for 400 items has
/// been idle for at least 400 s, and one seen every other item for far less than the time-to-live of two minutes.
/// </remarks>
public sealed class StateTimeToLiveTests
{
    private static readonly TimeSpan _timeToLive = TimeSpan.FromMinutes(2);

    [Fact]
    public void StatefulMap_KeyIdleLongerThanItsTimeToLive_StartsAfreshWhileABusyKeyKeepsItsState()
    {
        var harness = new FlowHarness();
        var sink = harness.Sink<(string, long)>();
        harness.Input<(string, long)>("inp", Items())
            .StatefulMap("sum", (long sum, long value) => (sum + value, sum + value))
            .WithStateTimeToLive(_timeToLive)
            .Output("out", sink);

        harness.Run(epochInterval: TimeSpan.FromMilliseconds(1), clock: new ManualClock(DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1)));

        var lastOf = sink.Items.GroupBy(i => i.Item1).ToDictionary(g => g.Key, g => g.Last().Item2);
        Assert.Equal(5L, lastOf["idle"]);
        Assert.Equal(401L, lastOf["busy"]);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 1)]
    public void StatefulMap_OnSeveralWorkersAndSilosByTheSystemClock_IdleKeyStartsAfreshBusyKeyKept(int silos, int workers)
    {
        // Real time: "busy" gets an item every 150 ms, "idle" none for at least 4.5 s, against a time-to-live of 3 s: a
        // stall of nearly 3 s (a loaded machine, or this class run beside the cluster tests' processes) still keeps
        // "busy", and "idle" is still gone, since the pauses are the least time that passes.
        var items = new List<TestingItem<(string, long)>> { ("idle", 1L) };
        for (var i = 0; i < 30; i++)
        {
            items.Add(TestingMarker.Pause(TimeSpan.FromMilliseconds(150)));
            items.Add(("busy", 1L));
        }

        items.Add(("idle", 5L));
        var harness = new FlowHarness();
        var sink = harness.Sink<(string, long)>();
        harness.Input<(string, long)>("inp", items)
            .StatefulMap("sum", (long sum, long value) => (sum + value, sum + value))
            .WithStateTimeToLive(TimeSpan.FromSeconds(3))
            .Output("out", sink);

        harness.Run(workers: workers, silos: silos, epochInterval: TimeSpan.FromMilliseconds(10));

        var lastOf = sink.Items.GroupBy(i => i.Item1).ToDictionary(g => g.Key, g => g.Last().Item2);
        Assert.Equal(5L, lastOf["idle"]);
        Assert.Equal(30L, lastOf["busy"]);
    }

    [Fact]
    public void StatefulMap_KeyExpired_WrittenToTheStoreAsATombstone()
    {
        var snapshots = new RecordingSnapshotSink();
        var harness = new FlowHarness();
        harness.Input<(string, long)>("inp", Items())
            .StatefulMap("sum", (long sum, long value) => (sum + value, sum + value))
            .WithStateTimeToLive(_timeToLive)
            .Output("out", harness.Sink<(string, long)>());

        harness.Run(epochInterval: TimeSpan.FromMilliseconds(1), snapshots: snapshots, clock: new ManualClock(DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1)));

        var idle = snapshots.Of("sum").SelectMany(w => w.Snapshots).Where(s => s.Key == "idle")
            .Select(s => s.State is null ? (long?)null : Serde.For<long>().Deserialize(s.State)).ToList();
        Assert.Equal([1L, null, 5L], idle);
        Assert.DoesNotContain(snapshots.Of("sum").SelectMany(w => w.Snapshots), s => s.Key == "busy" && s.State is null);
    }

    [Fact]
    public void WithStateTimeToLive_StreamOfAStatelessStep_ThrowsNamingTheStep()
    {
        var flow = new Dataflow("ttl");
        var keyed = flow.Input("inp", new TestingSource<int>([1])).KeyOn("key", i => $"{i}");

        var error = Assert.Throws<InvalidOperationException>(() => keyed.WithStateTimeToLive(_timeToLive));

        Assert.Contains("step 'key'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithStateTimeToLive_ZeroTime_Throws()
    {
        var flow = new Dataflow("ttl");
        var sums = flow.Input("inp", new TestingSource<(string, long)>([("a", 1L)])).StatefulMap("sum", (long sum, long value) => (sum + value, sum));

        Assert.Throws<ArgumentOutOfRangeException>(() => sums.WithStateTimeToLive(TimeSpan.Zero));
    }

    /// <summary>"idle" once, then 400 items in which "busy" comes every other one, then "idle" again.</summary>
    private static IEnumerable<TestingItem<(string, long)>> Items()
    {
        yield return ("idle", 1L);
        for (var i = 0; i < 400; i++)
        {
            yield return i % 2 == 0 ? ("busy", 1L) : ($"filler-{i}", 1L);
        }

        yield return ("busy", 201L);
        yield return ("idle", 5L);
    }
}
