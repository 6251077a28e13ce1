using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Abstractions.Tests.Windowing;

/// <summary>Bytewax's test_sliding_windower.py on <see cref="SlidingWindowerRuntime"/>: which window ids an instant falls in.</summary>
/// <remarks>Windows are aligned to 2023-03-16 09:00:00 UTC; the instant is given in milliseconds from there.</remarks>
public sealed class SlidingWindowerTests
{
    private static readonly DateTimeOffset _align = new(2023, 3, 16, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    // Overlapping, offset divides length.
    [InlineData(10, 5, 13_000, new long[] { 1, 2 })]
    [InlineData(10, 5, -3_000, new long[] { -2, -1 })]
    [InlineData(10, 5, 3_000, new long[] { -1, 0 })]
    [InlineData(10, 5, 7_000, new long[] { 0, 1 })]
    [InlineData(10, 5, 15_000, new long[] { 2, 3 })]
    [InlineData(10, 5, -5_000, new long[] { -2, -1 })]
    [InlineData(10, 5, 0, new long[] { -1, 0 })]
    [InlineData(10, 5, 10_000, new long[] { 1, 2 })]
    // Overlapping, offset does not divide length.
    [InlineData(10, 3, 11_000, new long[] { 1, 2, 3 })]
    [InlineData(10, 3, 11_500, new long[] { 1, 2, 3 })]
    [InlineData(10, 3, -1_000, new long[] { -3, -2, -1 })]
    [InlineData(10, 3, -1_500, new long[] { -3, -2, -1 })]
    [InlineData(10, 3, 5_000, new long[] { -1, 0, 1 })]
    [InlineData(10, 7, 14_000, new long[] { 1, 2 })]
    [InlineData(10, 7, -7_000, new long[] { -2, -1 })]
    [InlineData(10, 7, 0, new long[] { -1, 0 })]
    [InlineData(10, 7, 17_000, new long[] { 2 })]
    [InlineData(10, 7, -4_000, new long[] { -1 })]
    [InlineData(10, 7, 10_000, new long[] { 1 })]
    // Tumbling.
    [InlineData(10, 10, 15_000, new long[] { 1 })]
    [InlineData(10, 10, -5_000, new long[] { -1 })]
    [InlineData(10, 10, 5_000, new long[] { 0 })]
    [InlineData(10, 10, 20_000, new long[] { 2 })]
    [InlineData(10, 10, -10_000, new long[] { -1 })]
    [InlineData(10, 10, 0, new long[] { 0 })]
    [InlineData(10, 10, 10_000, new long[] { 1 })]
    public void SlidingWindower_Instant_FallsInTheWindowsThatContainIt(int lengthSeconds, int offsetSeconds, int atMilliseconds, long[] expected)
    {
        var at = _align.AddMilliseconds(atMilliseconds);

        var late = new List<long>();
        Start(lengthSeconds, offsetSeconds).LateFor(at, late);
        var opened = new List<long>();
        Start(lengthSeconds, offsetSeconds).OpenFor(at, opened);

        Assert.Equal(expected, late);
        Assert.Equal(expected, opened);
    }

    [Fact]
    public void SlidingWindower_OffsetLongerThanLength_InstantInGapFallsInNoWindow()
    {
        // Deliberate difference: Bytewax rejects offset > length; here the gaps are allowed and hold no window.
        var windower = Start(5, 10);

        var opened = new List<long>();
        windower.OpenFor(_align.AddSeconds(7), opened);
        var late = new List<long>();
        windower.LateFor(_align.AddSeconds(7), late);
        var inWindow = new List<long>();
        windower.OpenFor(_align.AddSeconds(12), inWindow);

        Assert.Empty(opened);
        Assert.Empty(late);
        Assert.Equal([1L], inWindow);
    }

    [Fact]
    public void SlidingWindower_WatermarkReachesClose_ClosesWindowWithItsBounds()
    {
        var windower = Start(10, 5);
        windower.OpenFor(_align.AddSeconds(7), []);

        var beforeClose = new List<(long, WindowMetadata)>();
        windower.CloseFor(_align.AddSeconds(9), beforeClose);
        var atClose = new List<(long, WindowMetadata)>();
        windower.CloseFor(_align.AddSeconds(10), atClose);

        Assert.Empty(beforeClose);
        Assert.Equal([(0L, new WindowMetadata(_align, _align.AddSeconds(10)))], atClose);
        Assert.Equal(_align.AddSeconds(15), windower.NotifyAt());
        Assert.False(windower.IsEmpty);
    }

    [Fact]
    public void SlidingWindower_CloseIdsFor_ClosesTheWindowsCloseForWouldWithoutMakingMetadata()
    {
        var withMetadata = Start(10, 5);
        var idsOnly = Start(10, 5);
        foreach (var windower in new[] { withMetadata, idsOnly })
        {
            windower.OpenFor(_align.AddSeconds(7), []);
            windower.OpenFor(_align.AddSeconds(12), []);
        }

        var closed = new List<(long, WindowMetadata)>();
        withMetadata.CloseFor(_align.AddSeconds(15), closed);
        var unused = new List<(long, WindowMetadata)>();
        var ids = new List<long>();
        idsOnly.CloseIdsFor(_align.AddSeconds(15), unused, ids);

        Assert.Equal(closed.Select(c => c.Item1), ids);
        Assert.Equal([0L, 1L], ids);
        Assert.Empty(unused);
        Assert.Equal(withMetadata.NotifyAt(), idsOnly.NotifyAt());
    }

    [Fact]
    public void TumblingWindower_CloseIdsForTheLastOpenedWindow_OpensItAfreshForTheNextItem()
    {
        var windower = Start(10, 10);
        windower.OpenFor(_align.AddSeconds(7), []);
        var ids = new List<long>();
        windower.CloseIdsFor(_align.AddSeconds(10), [], ids);

        var reopened = new List<long>();
        windower.OpenFor(_align.AddSeconds(8), reopened);

        Assert.Equal([0L], ids);
        Assert.Equal([0L], reopened);
        Assert.False(windower.IsEmpty);
    }

    [Fact]
    public void SlidingWindower_LongestLengthAndOffset_StartsAndOpensItsWindow()
    {
        var windower = new SlidingWindowerRuntime(TimeSpan.MaxValue, TimeSpan.MaxValue, DateTimeOffset.MinValue, null);

        var opened = new List<long>();
        windower.OpenFor(_align, opened);

        Assert.Equal([0L], opened);
        Assert.Equal(2, windower.TypicalOpenCount);
    }

    [Fact]
    public void SlidingWindower_LateFor_OpensNothing()
    {
        var windower = Start(10, 5);

        windower.LateFor(_align.AddSeconds(7), []);

        Assert.True(windower.IsEmpty);
        Assert.Null(windower.NotifyAt());
    }

    [Fact]
    public void SlidingWindower_WindowReachingPastTheLastRepresentableTime_ClosesAtIt()
    {
        var lastHour = new DateTimeOffset(9999, 12, 31, 23, 0, 0, TimeSpan.Zero);
        var windower = new SlidingWindowerRuntime(TimeSpan.FromHours(2), TimeSpan.FromHours(1), lastHour, null);

        var opened = new List<long>();
        windower.OpenFor(lastHour.AddMinutes(30), opened);
        var closed = new List<(long Id, WindowMetadata Metadata)>();
        windower.CloseFor(DateTimeOffset.MaxValue, closed);

        Assert.Equal([-1L, 0L], opened);
        Assert.Equal([(-1L, new WindowMetadata(lastHour.AddHours(-1), DateTimeOffset.MaxValue)), (0L, new WindowMetadata(lastHour, DateTimeOffset.MaxValue))], closed);
        Assert.True(windower.IsEmpty);
    }

    private static SlidingWindowerRuntime Start(int lengthSeconds, int offsetSeconds) =>
        new(TimeSpan.FromSeconds(lengthSeconds), TimeSpan.FromSeconds(offsetSeconds), _align, null);
}
