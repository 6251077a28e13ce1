using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Abstractions.Tests.Windowing;

/// <summary>Bytewax's test_session_windower.py on <see cref="SessionWindowerRuntime"/>, gap 10 s.</summary>
/// <remarks>
/// The runtime works on the <see cref="SessionState"/> it is given, so a test hands one in and reads the sessions
/// from it. Bytewax tests its merge search (<c>_session_find_merges</c>) as a free function; ours is private and runs
/// when an item stretches a session, so those cases start from Bytewax's sessions and send an item at an instant some
/// session already ends at: it stretches a session up to that instant, and after the merge search the sessions are
/// exactly the ones Bytewax expects.
/// </remarks>
public sealed class SessionWindowerTests
{
    private static readonly TimeSpan _gap = TimeSpan.FromSeconds(10);

    [Fact]
    public void SessionWindower_FirstItem_OpensSessionZeroAtItsTimestamp()
    {
        var (windower, state) = Start();

        Assert.Equal([0L], OpenFor(windower, At(0)));
        Assert.Equal(new WindowMetadata(At(0), At(0)), Session(state, 0));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(10)]
    public void SessionWindower_ItemWithinGapAfter_ExtendsTheSessionClose(int seconds)
    {
        var (windower, state) = Start();
        OpenFor(windower, At(0));

        Assert.Equal([0L], OpenFor(windower, At(seconds)));
        Assert.Equal(new WindowMetadata(At(0), At(seconds)), Session(state, 0));
    }

    [Theory]
    [InlineData(-5)]
    [InlineData(-10)]
    public void SessionWindower_ItemWithinGapBefore_ExtendsTheSessionOpen(int seconds)
    {
        var (windower, state) = Start();
        OpenFor(windower, At(0));

        Assert.Equal([0L], OpenFor(windower, At(seconds)));
        Assert.Equal(new WindowMetadata(At(seconds), At(0)), Session(state, 0));
    }

    [Fact]
    public void SessionWindower_ItemBeyondGap_OpensTheNextSession()
    {
        var (windower, state) = Start();
        OpenFor(windower, At(0));

        Assert.Equal([1L], OpenFor(windower, At(11)));
        Assert.Equal(2, state.Sessions.Count);
    }

    [Fact]
    public void SessionWindower_ItemBridgingTwoSessions_MergesTheLaterIntoTheEarlier()
    {
        var (windower, state) = Start();
        OpenFor(windower, At(0));
        OpenFor(windower, At(20));

        Assert.Equal([0L], OpenFor(windower, At(10)));
        Assert.Equal([(1L, 0L)], TakeMerged(windower));
        Assert.Equal(new WindowMetadata(At(0), At(20), [1]), Session(state, 0));
        Assert.Single(state.Sessions);
        Assert.Empty(TakeMerged(windower));
    }

    [Fact]
    public void SessionWindower_ItemInsideExistingSession_ChangesNothing()
    {
        var (windower, state) = Start((0, At(0), At(10)));

        Assert.Equal([0L], OpenFor(windower, At(5)));
        Assert.Equal(new WindowMetadata(At(0), At(10)), Session(state, 0));
        Assert.Empty(TakeMerged(windower));
    }

    [Fact]
    public void SessionWindower_LateItem_HasTheLateSessionId()
    {
        var (windower, _) = Start();
        var late = new List<long>();

        windower.LateFor(new DateTimeOffset(2023, 12, 1, 9, 0, 0, TimeSpan.Zero), late);

        Assert.Equal([SessionWindower.LateSessionId], late);
        Assert.Equal(-1L, SessionWindower.LateSessionId);
    }

    [Fact]
    public void SessionWindower_SessionsBeyondGapOfEachOther_DoNotMerge()
    {
        var (windower, state) = Start((0, At(0), At(0)), (1, At(20), At(20)));

        // Stretches session 1 forward, which runs the merge search; session 0 is still more than the gap away.
        OpenFor(windower, At(25));

        Assert.Empty(TakeMerged(windower));
        Assert.Equal(new WindowMetadata(At(0), At(0)), Session(state, 0));
        Assert.Equal(new WindowMetadata(At(20), At(25)), Session(state, 1));
    }

    [Fact]
    public void SessionWindower_SessionsWithinGap_Merge()
    {
        var (windower, state) = Start((0, At(0), At(0)), (1, At(5), At(5)));

        OpenFor(windower, At(5));

        Assert.Equal([(1L, 0L)], TakeMerged(windower));
        Assert.Equal([(0L, new WindowMetadata(At(0), At(5), [1]))], state.Sessions);
    }

    [Fact]
    public void SessionWindower_SessionsExactlyGapApart_Merge()
    {
        var (windower, state) = Start((0, At(0), At(0)), (1, At(10), At(10)));

        OpenFor(windower, At(10));

        Assert.Equal([(1L, 0L)], TakeMerged(windower));
        Assert.Equal([(0L, new WindowMetadata(At(0), At(10), [1]))], state.Sessions);
    }

    [Fact]
    public void SessionWindower_ChainOfSessionsWithinGap_AllMergeIntoTheFirst()
    {
        var (windower, state) = Start((0, At(0), At(0)), (1, At(5), At(5)), (2, At(10), At(10)));

        OpenFor(windower, At(5));

        Assert.Equal([(1L, 0L), (2L, 0L)], TakeMerged(windower));
        Assert.Equal([(0L, new WindowMetadata(At(0), At(10), [1, 2]))], state.Sessions);
    }

    [Fact]
    public void SessionWindower_OnlyMiddleSessionsWithinGap_OnlyThoseMerge()
    {
        var (windower, state) = Start((0, At(0), At(0)), (1, At(20), At(20)), (2, At(25), At(25)), (3, At(40), At(40)));

        OpenFor(windower, At(25));

        Assert.Equal([(2L, 1L)], TakeMerged(windower));
        Assert.Equal(
            [(0L, new WindowMetadata(At(0), At(0))), (1L, new WindowMetadata(At(20), At(25), [2])), (3L, new WindowMetadata(At(40), At(40)))],
            state.Sessions);
    }

    [Fact]
    public void SessionWindower_WatermarkMoreThanGapPastLastItem_ClosesTheSession()
    {
        var (windower, state) = Start();
        OpenFor(windower, At(0));

        var atGap = new List<(long, WindowMetadata)>();
        windower.CloseFor(At(10), atGap);
        var pastGap = new List<(long, WindowMetadata)>();
        windower.CloseFor(At(10).AddTicks(1), pastGap);

        Assert.Empty(atGap);
        Assert.Equal([(0L, new WindowMetadata(At(0), At(0)))], pastGap);
        Assert.Empty(state.Sessions);
        Assert.False(windower.IsEmpty);
    }

    [Fact]
    public void SessionWindower_NotifyAt_IsOneTickAfterCloseTimePlusGap()
    {
        // Deliberate difference: Bytewax wakes at close + gap, when the session cannot close yet (it closes only
        // strictly after), and closes it on a later wake-up; ours wakes at the first instant at which it closes.
        var (windower, _) = Start();
        OpenFor(windower, At(3));
        OpenFor(windower, At(30));

        var notifyAt = windower.NotifyAt();
        var closed = new List<(long, WindowMetadata)>();
        windower.CloseFor(notifyAt!.Value, closed);

        Assert.Equal(At(13).AddTicks(1), notifyAt);
        Assert.Equal([0L], closed.Select(c => c.Item1));
    }

    [Fact]
    public void SessionWindower_AfterAllSessionsClosed_NextSessionGetsANewId()
    {
        var (windower, _) = Start();
        OpenFor(windower, At(0));
        windower.CloseFor(At(60), []);

        Assert.Equal([1L], OpenFor(windower, At(70)));
    }

    private static (SessionWindowerRuntime Windower, SessionState State) Start(params (long Id, DateTimeOffset Open, DateTimeOffset Close)[] sessions)
    {
        var state = new SessionState(
            sessions.Length == 0 ? SessionWindower.LateSessionId : sessions.Max(s => s.Id),
            [.. sessions.Select(s => (s.Id, new WindowMetadata(s.Open, s.Close)))],
            []);
        return (new SessionWindowerRuntime(_gap, state), state);
    }

    private static List<long> OpenFor(SessionWindowerRuntime windower, DateTimeOffset at)
    {
        var ids = new List<long>();
        windower.OpenFor(at, ids);
        return ids;
    }

    private static List<(long, long)> TakeMerged(SessionWindowerRuntime windower)
    {
        var merges = new List<(long, long)>();
        windower.TakeMerged(merges);
        return merges;
    }

    private static WindowMetadata Session(SessionState state, long id) => Assert.Single(state.Sessions, s => s.Id == id).Meta;

    private static DateTimeOffset At(int seconds) => new DateTimeOffset(2024, 1, 1, 9, 0, 0, TimeSpan.Zero).AddSeconds(seconds);
}
