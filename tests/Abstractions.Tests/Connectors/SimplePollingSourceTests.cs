using Orleans.Dataflow.Connectors;
using Orleans.Dataflow.Inputs;
using Orleans.Dataflow.Plan;
using static Orleans.Dataflow.Abstractions.Tests.Connectors.PartitionDriver;

namespace Orleans.Dataflow.Abstractions.Tests.Connectors;

public sealed class SimplePollingSourceTests
{
    private static readonly DateTimeOffset _five = new(2023, 1, 1, 5, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan _halfHour = TimeSpan.FromMinutes(30);

    [Fact]
    public void SimplePollingSource_Interval_NextAwakeIsOneIntervalLater()
    {
        var clock = new ManualTimeProvider(_five);
        var source = new Constant<bool>(_halfHour, true, alignTo: _five, clock);
        using var partition = source.BuildPart("test.inp", "singleton", null);

        Assert.Equal(_five, partition.NextAwake());
        var (batch, more) = Next(partition);

        Assert.Equal([true], batch);
        Assert.True(more);
        Assert.Equal(_five.AddMinutes(30), partition.NextAwake());
    }

    [Fact]
    public void SimplePollingSource_Retry_EmitsNothingAndNextAwakeIsRetryDelayLater()
    {
        var clock = new ManualTimeProvider(_five);
        var source = new Scripted<string>(_halfHour, clock, () => throw new PollingRetryException(TimeSpan.FromSeconds(5)));
        using var partition = source.BuildPart("test.inp", "singleton", null);

        var (batch, more) = Next(partition);

        Assert.Empty(batch);
        Assert.True(more);
        Assert.Equal(_five.AddSeconds(5), partition.NextAwake());
    }

    [Fact]
    public void SimplePollingSource_AlignTo_FirstAwakeIsNextAlignedTime()
    {
        var clock = new ManualTimeProvider(_five.AddMinutes(15));
        var source = new Constant<bool>(_halfHour, true, alignTo: _five.AddHours(-1), clock);

        using var partition = source.BuildPart("test.inp", "singleton", null);

        Assert.Equal(_five.AddMinutes(30), partition.NextAwake());
    }

    [Fact]
    public void SimplePollingSource_AlignToExactlyNow_FirstAwakeIsNow()
    {
        var clock = new ManualTimeProvider(_five);
        var source = new Constant<bool>(_halfHour, true, alignTo: _five.AddHours(-1), clock);

        using var partition = source.BuildPart("test.inp", "singleton", null);

        Assert.Equal(_five, partition.NextAwake());
    }

    [Fact]
    public void SimplePollingSource_AlignToInFuture_UsesFloorModulo()
    {
        // 07:10 is 1 h 55 min after 05:15; the aligned times before it are 06:40, 06:10, 05:40, …
        var clock = new ManualTimeProvider(_five.AddMinutes(15));
        var source = new Constant<bool>(_halfHour, true, alignTo: _five.AddHours(2).AddMinutes(10), clock);

        using var partition = source.BuildPart("test.inp", "singleton", null);

        Assert.Equal(_five.AddMinutes(40), partition.NextAwake());
    }

    [Fact]
    public void SimplePollingSource_AlignToWithOtherOffset_ComparesInstants()
    {
        var clock = new ManualTimeProvider(_five.AddMinutes(15));
        var alignInTokyo = new DateTimeOffset(2020, 6, 1, 13, 0, 0, TimeSpan.FromHours(9)); // 04:00 UTC

        using var partition = new Constant<bool>(_halfHour, true, alignInTokyo, clock).BuildPart("test.inp", "singleton", null);

        Assert.Equal(_five.AddMinutes(30), partition.NextAwake());
    }

    [Fact]
    public void SimplePollingSource_NoAlignment_FirstAwakeIsBuildTime()
    {
        var clock = new ManualTimeProvider(_five.AddMinutes(7));
        var source = new Constant<bool>(_halfHour, true, alignTo: null, clock);

        using var partition = source.BuildPart("test.inp", "singleton", null);

        Assert.Equal(_five.AddMinutes(7), partition.NextAwake());
    }

    [Fact]
    public void SimplePollingSource_LatePoll_NextAwakeFollowsScheduleNotNow()
    {
        var clock = new ManualTimeProvider(_five);
        var source = new Constant<int>(_halfHour, 1, alignTo: null, clock);
        using var partition = source.BuildPart("test.inp", "singleton", null);

        clock.Advance(TimeSpan.FromMinutes(70));
        Next(partition);
        Assert.Equal(_five.AddMinutes(30), partition.NextAwake());
        Next(partition);
        Assert.Equal(_five.AddMinutes(60), partition.NextAwake());
        Next(partition);
        Assert.Equal(_five.AddMinutes(90), partition.NextAwake());
    }

    [Fact]
    public void SimplePollingSource_RetryThenSuccess_ScheduleContinuesFromRetryTime()
    {
        var clock = new ManualTimeProvider(_five);
        var calls = 0;
        var source = new Scripted<string>(_halfHour, clock, () => ++calls == 1 ? throw new PollingRetryException(TimeSpan.FromSeconds(5)) : "ok");
        using var partition = source.BuildPart("test.inp", "singleton", null);

        Assert.Empty(Next(partition).Batch);
        Assert.Equal(["ok"], Next(partition).Batch);

        Assert.Equal(_five.AddSeconds(5).AddMinutes(30), partition.NextAwake());
    }

    [Fact]
    public void SimplePollingSource_NullItem_EmitsNothingButScheduleMovesOn()
    {
        var clock = new ManualTimeProvider(_five);
        var source = new Scripted<string?>(_halfHour, clock, () => null);
        using var partition = source.BuildPart("test.inp", "singleton", null);

        var (batch, more) = Next(partition);

        Assert.Empty(batch);
        Assert.True(more);
        Assert.Equal(_five.AddMinutes(30), partition.NextAwake());
    }

    [Fact]
    public void SimplePollingSource_NullableValueType_NullEmitsNothingAndValuesAreEmitted()
    {
        var clock = new ManualTimeProvider(_five);
        var values = new Queue<int?>([null, 0, 7]);
        var source = new Scripted<int?>(_halfHour, clock, values.Dequeue);
        using var partition = source.BuildPart("test.inp", "singleton", null);

        Assert.Empty(Next(partition).Batch);
        Assert.Equal([0], Next(partition).Batch);
        Assert.Equal([7], Next(partition).Batch);
    }

    [Fact]
    public void SimplePollingSource_ResumeState_ContinuesFromSnapshotAfterAbort()
    {
        // Bytewax's test_simple_polling_source_resume_state, partition by partition: ["a", "b", Abort, "c"].
        var source = new ListPoller(["a", "b", null, "c"]);

        var first = source.BuildPart("test.inp", "singleton", null);
        Assert.Equal(["a"], Next(first).Batch);
        Assert.Equal(["b"], Next(first).Batch);
        var snapshot = first.Snapshot();
        Assert.Throws<AbortExecutionException>(() => Next(first));

        var resumed = source.BuildPart("test.inp", "singleton", snapshot);
        Assert.Equal(2, source.ResumedAt);
        Assert.Equal([["c"], []], Batches(resumed));
    }

    [Fact]
    public void SimplePollingSource_ResumeThroughEngineInterface_RestoresUserState()
    {
        var source = new ListPoller(["a", "b", "c"]);
        IPartitionedSource<string> engineView = source;

        byte[]? snapshot;
        using (var first = engineView.BuildPart("test.inp", "singleton", null))
        {
            Assert.Null(source.ResumedAt);
            first.NextBatch([]);
            snapshot = first.Snapshot();
        }

        using var resumed = engineView.BuildPart("test.inp", "singleton", snapshot);
        var batch = new List<string>();
        resumed.NextBatch(batch);

        Assert.Equal(1, source.ResumedAt);
        Assert.Equal(["b"], batch);
    }

    [Fact]
    public void SimplePollingSource_FreshBuild_DoesNotCallResume()
    {
        var source = new ListPoller(["a"]);

        using var partition = source.BuildPart("test.inp", "singleton", null);

        Assert.Null(source.ResumedAt);
    }

    [Fact]
    public void SimplePollingSource_Complete_EndsPartitionAndKeepsItemOfSameCall()
    {
        var clock = new ManualTimeProvider(_five);
        SimplePollingSource<string>? self = null;
        var source = new Scripted<string>(_halfHour, clock, () =>
        {
            ((Scripted<string>)self!).End();
            return "last";
        });
        self = source;
        using var partition = source.BuildPart("test.inp", "singleton", null);

        var (batch, more) = Next(partition);

        Assert.Equal(["last"], batch);
        Assert.False(more);
    }

    [Fact]
    public void SimplePollingSource_OtherException_Propagates()
    {
        var source = new Scripted<string>(_halfHour, null, () => throw new InvalidOperationException("boom"));
        using var partition = source.BuildPart("test.inp", "singleton", null);

        Assert.Throws<InvalidOperationException>(() => Next(partition));
    }

    [Fact]
    public void SimplePollingSource_Partitions_AreOnlySingleton()
    {
        var source = new Constant<int>(_halfHour, 1, null, null);

        Assert.Equal(["singleton"], source.ListParts());
        Assert.Throws<ArgumentException>(() => source.BuildPart("test.inp", "other", null));
    }

    [Fact]
    public void SimplePollingSource_WithoutState_SnapshotIsNull()
    {
        using var partition = new Constant<int>(_halfHour, 1, null, null).BuildPart("test.inp", "singleton", null);

        Next(partition);

        Assert.Null(partition.Snapshot());
    }

    [Fact]
    public void SimplePollingSource_NegativeInterval_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Constant<int>(TimeSpan.FromTicks(-1), 1, null, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PollingRetryException(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void SimplePollingSource_ZeroInterval_LeavesTheNextPollToTheEngine()
    {
        var clock = new ManualTimeProvider(_five);
        using var partition = new Constant<int>(TimeSpan.Zero, 1, null, clock).BuildPart("test.inp", "singleton", null);

        Assert.Equal(_five, partition.NextAwake());
        Assert.Equal([1], Next(partition).Batch);
        Assert.Null(partition.NextAwake());
        Assert.Equal([1], Next(partition).Batch);
        Assert.Null(partition.NextAwake());
    }

    [Fact]
    public void SimplePollingSource_ZeroIntervalRetry_PollsAgainTheDelayAfterNow()
    {
        var clock = new ManualTimeProvider(_five);
        var source = new Scripted<string>(TimeSpan.Zero, clock, () => throw new PollingRetryException(TimeSpan.FromSeconds(5)));
        using var partition = source.BuildPart("test.inp", "singleton", null);
        clock.Advance(TimeSpan.FromMinutes(1));

        Next(partition);

        Assert.Equal(_five.AddMinutes(1).AddSeconds(5), partition.NextAwake());
    }

    [Fact]
    public void SimplePollingSource_ZeroIntervalAligned_IsRefusedNamingAlignTo()
    {
        var error = Assert.Throws<ArgumentException>(() => new Constant<int>(TimeSpan.Zero, 1, _five, null));

        Assert.Equal("alignTo", error.ParamName);
    }

    [Fact]
    public void SimplePollingSource_DefaultClock_IsSystemTime()
    {
        var before = DateTimeOffset.UtcNow;
        using var partition = new Constant<int>(_halfHour, 1, null, null).BuildPart("test.inp", "singleton", null);
        var after = DateTimeOffset.UtcNow;

        Assert.InRange(partition.NextAwake()!.Value, before, after);
    }

    private sealed class Constant<T>(TimeSpan interval, T value, DateTimeOffset? alignTo, TimeProvider? clock)
        : SimplePollingSource<T>(interval, alignTo, clock)
    {
        protected override T NextItem() => value;
    }

    private sealed class Scripted<T>(TimeSpan interval, TimeProvider? clock, Func<T> next)
        : SimplePollingSource<T>(interval, null, clock)
    {
        public void End() => Complete();

        protected override T NextItem() => next();
    }

    /// <summary>Polls items of a list in turn; a null element aborts the run once; the state is the index of the next item.</summary>
    private sealed class ListPoller(List<string?> items) : SimplePollingSource<string, ListPoller.Cursor>(TimeSpan.FromMilliseconds(1))
    {
        private int _next;
        private bool _aborted;

        public int? ResumedAt { get; private set; }

        protected override string? NextItem()
        {
            if (_next >= items.Count)
            {
                Complete();
                return null;
            }

            if (items[_next] is null && !_aborted)
            {
                _aborted = true;
                throw new AbortExecutionException();
            }

            var item = items[_next++];
            return item ?? NextItem();
        }

        protected override Cursor SnapshotState() => new(_next);

        protected override void Resume(Cursor state)
        {
            ResumedAt = state.Next;
            _next = state.Next;
        }

        public sealed record Cursor(int Next);
    }
}
