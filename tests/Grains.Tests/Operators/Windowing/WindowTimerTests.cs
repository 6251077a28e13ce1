using System.Collections.Concurrent;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Windowing;

/// <summary>
/// A window closes on time in a live flow that has gone quiet: no later item, no EOF, no epoch cut wakes the worker;
/// the window operator's own wake-up does. On the real clock.
/// </summary>
/// <remarks>
/// The source emits its items in one batch and then asks to be polled again only in an hour; epochs are cut every
/// minute. Without the window's wake-up, the worker would sleep past the harness's timeout. The bounds on arrival
/// are generous: they tell "woke for the window" from "never woke", not fast from slow.
/// </remarks>
public sealed class WindowTimerTests
{
    private static readonly TimeSpan _noEpochCut = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan _sourceSleeps = TimeSpan.FromHours(1);
    private static readonly TimeSpan _generous = TimeSpan.FromSeconds(10);

    [Fact]
    public void FoldWindow_SystemClockSourceGoesIdle_WindowClosesWithoutNewItems()
    {
        var length = TimeSpan.FromMilliseconds(200);
        var harness = new FlowHarness(WorkerThreads.UniqueFlowId("wt"));
        var source = new IdleAfterItemsSource<(string, int), (string, int)>(harness.Tracker, [("a", 1), ("a", 2), ("b", 5)], (item, _) => item, _sourceSleeps);
        var results = new Arrivals<(string, (long, int))>(expected: 2);
        var closes = new Arrivals<(string, (long, WindowMetadata))>(expected: 2);
        var windows = harness.Flow.Input("inp", source)
            .FoldWindow("sum", new SystemClock<int>(), new TumblingWindower(length, DateTimeOffset.UnixEpoch), () => 0, (sum, v) => sum + v, (a, b) => a + b);
        windows.Down.Output("down", harness.Sink<(string, (long, int))>(results.Record));
        windows.Meta.Output("meta", harness.Sink<(string, (long, WindowMetadata))>(closes.Record));

        var result = RunUntil(harness, results, closes);

        Assert.Equal(ExecutionOutcome.Stopped, result.Outcome);
        Assert.Equal(3, source.Emitted);
        Assert.Equal([("a", 3), ("b", 5)], results.Items.Select(r => (r.Item.Item1, r.Item.Item2.Item2)).Order());
        foreach (var (at, (key, (_, meta))) in closes.Items)
        {
            Assert.True(meta.CloseTime - meta.OpenTime == length, $"window of {key}: {meta}");
            Assert.True(at >= meta.CloseTime, $"window of {key} closed at {at:O}, before its close time {meta.CloseTime:O}");
            Assert.True(at - source.LastEmittedAt < _generous, $"window of {key} closed at {at:O}, {(at - source.LastEmittedAt).TotalSeconds} s after the last item");
        }
    }

    [Fact]
    public void FoldWindow_EventClockSourceGoesIdle_WindowClosesOnceTheWaitHasPassed()
    {
        var wait = TimeSpan.FromMilliseconds(300);
        var length = TimeSpan.FromMilliseconds(100);
        var harness = new FlowHarness(WorkerThreads.UniqueFlowId("we"));
        var source = new IdleAfterItemsSource<(string Key, int Value), (string, (DateTimeOffset, int))>(harness.Tracker, [("a", 1), ("a", 2), ("b", 5)],
            (item, now) => (item.Key, (now, item.Value)), _sourceSleeps);
        var results = new Arrivals<(string, (long, int))>(expected: 2);
        var closes = new Arrivals<(string, (long, WindowMetadata))>(expected: 2);
        var windows = harness.Flow.Input("inp", source)
            .FoldWindow("sum", new EventClock<(DateTimeOffset At, int Value)>(v => v.At, wait), new TumblingWindower(length, DateTimeOffset.UnixEpoch),
                () => 0, (sum, v) => sum + v.Item2, (a, b) => a + b);
        windows.Down.Output("down", harness.Sink<(string, (long, int))>(results.Record));
        windows.Meta.Output("meta", harness.Sink<(string, (long, WindowMetadata))>(closes.Record));

        var result = RunUntil(harness, results, closes);

        Assert.Equal(ExecutionOutcome.Stopped, result.Outcome);
        Assert.Equal(3, source.Emitted);
        Assert.Equal([("a", 3), ("b", 5)], results.Items.Select(r => (r.Item.Item1, r.Item.Item2.Item2)).Order());
        foreach (var (at, (key, (_, meta))) in closes.Items)
        {
            // The items are stamped with their emission time, so the window holding them ends at most one length later;
            // the watermark trails the newest item by the wait, and reaches the close that much later in system time.
            Assert.True(meta.CloseTime - source.LastEmittedAt <= length, $"window of {key}: {meta}, last item at {source.LastEmittedAt:O}");
            Assert.True(at >= meta.CloseTime + wait, $"window of {key} closed at {at:O}, before its close time {meta.CloseTime:O} plus the wait");
            Assert.True(at - source.LastEmittedAt < _generous, $"window of {key} closed at {at:O}, {(at - source.LastEmittedAt).TotalSeconds} s after the last item");
        }
    }

    /// <summary>Runs the flow until every expected result and close has arrived, then stops it gracefully.</summary>
    private static ExecutionResult RunUntil<TResult, TClose>(FlowHarness harness, Arrivals<TResult> results, Arrivals<TClose> closes)
    {
        using var stop = new CancellationTokenSource();
        void StopWhenAllArrived()
        {
            if (results.Complete && closes.Complete)
            {
                stop.Cancel();
            }
        }

        results.OnComplete = StopWhenAllArrived;
        closes.OnComplete = StopWhenAllArrived;
        var result = harness.Run(epochInterval: _noEpochCut, stop: stop.Token, timeout: TimeSpan.FromSeconds(30));
        Assert.True(results.Complete && closes.Complete, $"stopped before every window closed: {results.Items.Count} results, {closes.Items.Count} closes");
        return result;
    }

    /// <summary>Items as they reach a sink, each with the system time it arrived at.</summary>
    private sealed class Arrivals<T>(int expected)
    {
        private readonly ConcurrentQueue<(DateTimeOffset At, T Item)> _items = new();

        public Action? OnComplete { get; set; }

        public bool Complete => _items.Count >= expected;

        public List<(DateTimeOffset At, T Item)> Items => [.. _items];

        public void Record(T item)
        {
            _items.Enqueue((DateTimeOffset.UtcNow, item));
            if (Complete)
            {
                OnComplete?.Invoke();
            }
        }
    }
}
