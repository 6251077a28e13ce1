using System.Globalization;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Windowing;

/// <summary>
/// An idle flow with open windows sleeps until the next thing it has to do: the worker does not spin while the
/// windows wait to close.
/// </summary>
/// <remarks>
/// <para>Open windows close an hour from now; the source has gone quiet and asks to be polled again only in an hour;
/// epochs are cut every 10 s (the default). Over a second of idleness the worker threads of the flow must use almost
/// no CPU: their own user and system time, read from <c>/proc/self/task/*/stat</c>, so other tests running in the
/// same process do not count. The bound (100 ms of CPU per second) is far above a sleeping thread's and far below a
/// spinning one's: this checks for busy-looping, not speed. Elsewhere than Linux the CPU check cannot run.</para>
/// <para>The worker's loop reads the run's clock twice per round, so a counting clock also tells how often it woke.</para>
/// </remarks>
[Collection(QuietProcessCollection.Name)]
public sealed class WindowIdleTests
{
    private static readonly TimeSpan _idleFor = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan _maxCpu = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan _sourceSleeps = TimeSpan.FromHours(1);

    /// <summary>Linux reports thread times in USER_HZ ticks, 100 per second on every architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    [Fact]
    public void FoldWindow_IdleWithWindowsOpenForAnHour_WorkerUsesNoCpu()
    {
        var flowId = WorkerThreads.UniqueFlowId("wi");
        var (cpu, _, _, windowsOpened) = RunIdle(flowId, clock: null, _sourceSleeps);

        Assert.Equal(2, windowsOpened);
        Assert.True(cpu < _maxCpu, $"the idle worker of flow '{flowId}' used {cpu.TotalMilliseconds} ms of CPU in {_idleFor.TotalSeconds} s");
    }

    [Fact]
    public void FoldWindow_IdleSourceOnTheDefaultCoolDown_WorkerSleepsBetweenPolls()
    {
        // A source that says nothing about when to poll it is polled every millisecond once empty: a thousand short
        // sleeps a second, each of which must really sleep (a wait under a millisecond once returned at once, so the
        // worker spun between polls). A round reads the clock twice; a sleeping worker does a round or two per poll.
        var flowId = WorkerThreads.UniqueFlowId("wd");
        var clock = new CountingClock();
        var (_, reads, polls, windowsOpened) = RunIdle(flowId, clock, sourcePoll: null);

        Assert.Equal(2, windowsOpened);
        Assert.True(polls > 0, $"the empty source of flow '{flowId}' was not polled again");
        Assert.True(reads <= 10 * polls, $"the worker of flow '{flowId}' read the clock {reads} times for {polls} polls of an empty source: it spun between polls");
    }

    [Fact]
    public void FoldWindow_IdleWithWindowsOpenForAnHourOnATestClock_WorkerParksUntilTheNextDeadline()
    {
        var flowId = WorkerThreads.UniqueFlowId("wc");
        var clock = new CountingClock();
        var (cpu, reads, _, windowsOpened) = RunIdle(flowId, clock, _sourceSleeps);

        Assert.Equal(2, windowsOpened);
        Assert.True(reads < 20, $"the idle worker of flow '{flowId}' read the clock {reads} times in {_idleFor.TotalSeconds} s: it did not park");
        Assert.True(cpu < _maxCpu, $"the idle worker of flow '{flowId}' used {cpu.TotalMilliseconds} ms of CPU in {_idleFor.TotalSeconds} s");
    }

    /// <summary>Runs a flow whose windows stay open, waits until its items have reached the window step, measures a second of idleness, then stops it.</summary>
    private static (TimeSpan Cpu, long ClockReads, int SourcePolls, int WindowsOpened) RunIdle(string flowId, CountingClock? clock, TimeSpan? sourcePoll)
    {
        var harness = new FlowHarness(flowId);
        var source = new IdleAfterItemsSource<(string, int), (string, int)>(harness.Tracker, [("a", 1), ("b", 2), ("a", 3)], (item, _) => item, sourcePoll);
        var snapshots = new RecordingSnapshotSink();
        var windows = harness.Flow.Input("inp", source)
            .FoldWindow("sum", new SystemClock<int>(), new TumblingWindower(TimeSpan.FromHours(1), DateTimeOffset.UtcNow), () => 0, (sum, v) => sum + v,
                (a, b) => a + b);
        var results = harness.Sink<(string, (long, int))>();
        windows.Down.Output("down", results);

        using var stop = new CancellationTokenSource();
        // On a thread of its own: a test clock's timers call back on the thread pool, which must not be short of threads.
        var run = Task.Factory.StartNew(() => harness.Run(snapshots: snapshots, stop: stop.Token, clock: clock, timeout: TimeSpan.FromSeconds(30)),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            // The source emits all its items in one batch, in the first round.
            var seen = SpinWait.SpinUntil(() => source.Emitted == 3 || run.IsCompleted, TimeSpan.FromSeconds(10));
            Assert.True(seen && !run.IsCompleted, "the source did not emit its items, or the run ended");

            // Let the worker finish the round that read the items (its CPU time stops moving), then measure.
            WaitUntilCpuSettles(flowId);
            var cpuBefore = WorkerCpu(flowId);
            var readsBefore = clock?.Reads ?? 0;
            var pollsBefore = source.Polls;
            Thread.Sleep(_idleFor);
            var cpu = WorkerCpu(flowId) - cpuBefore;
            var reads = (clock?.Reads ?? 0) - readsBefore;
            var polls = source.Polls - pollsBefore;

            Assert.Empty(results.Items);
            stop.Cancel();
            var result = run.GetAwaiter().GetResult();
            Assert.Equal(ExecutionOutcome.Stopped, result.Outcome);

            // At the stop, the window step snapshots both keys with their open window.
            var keys = snapshots.Of("sum.window").SelectMany(w => w.Snapshots).Where(s => s.State is not null).Select(s => s.Key).Distinct().Count();
            return (cpu, reads, polls, keys);
        }
        finally
        {
            stop.Cancel();
            if (!run.Wait(TimeSpan.FromSeconds(30)))
            {
                Assert.Fail($"flow '{flowId}' did not stop");
            }
        }
    }

    /// <summary>Waits, up to 10 s, until the CPU time of <paramref name="flowId"/>'s threads stays the same over 50 ms: the worker has finished its round.</summary>
    /// <remarks>Polls a condition instead of sleeping a fixed time, so a loaded machine that finishes the round late does not skew the measurement.</remarks>
    private static void WaitUntilCpuSettles(string flowId)
    {
        var previous = WorkerCpu(flowId);
        for (var waited = 0; waited < 200; waited++)
        {
            Thread.Sleep(50);
            var now = WorkerCpu(flowId);
            if (now == previous)
            {
                return;
            }

            previous = now;
        }
    }

    /// <summary>The CPU time (user + system) used so far by the live threads of <paramref name="flowId"/>.</summary>
    private static TimeSpan WorkerCpu(string flowId)
    {
        const string tasks = "/proc/self/task";
        if (!Directory.Exists(tasks))
        {
            return TimeSpan.Zero;
        }

        var name = $"dataflow {flowId}";
        long ticks = 0;
        var threads = 0;
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(name, StringComparison.Ordinal))
                {
                    continue;
                }

                // Fields after the name (which is in parentheses and may hold spaces): state is field 3, utime 14, stime 15.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                threads++;
            }
            catch (IOException)
            {
                // The thread ended while we looked.
            }
        }

        Assert.True(threads > 0, $"no worker thread of flow '{flowId}' found in {tasks}");
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>The system clock, counting how often it is read.</summary>
    private sealed class CountingClock : TimeProvider
    {
        private long _reads;

        public long Reads => Interlocked.Read(ref _reads);

        public override DateTimeOffset GetUtcNow()
        {
            Interlocked.Increment(ref _reads);
            return TimeProvider.System.GetUtcNow();
        }
    }
}
