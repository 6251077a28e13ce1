using Orleans.Dataflow.Grains.Progress;

namespace Orleans.Dataflow.Grains.Tests.Progress;

/// <summary>The watermark of each epoch: the smallest over channels of what each carried with its progress up to that epoch, never below the resumed floor.</summary>
public sealed class StreamWatermarkTests
{
    [Fact]
    public void MoveTo_WatermarksCarriedWithFrontiersAtOrBelowTheEpoch_GivesTheSmallestOverChannels()
    {
        var watermark = new StreamWatermark(channelCount: 2, startEpoch: 1);
        watermark.Record(0, frontier: 2, watermark: 100);
        watermark.Record(0, frontier: 3, watermark: 300);
        watermark.Record(1, frontier: 2, watermark: 200);

        Assert.True(watermark.MoveTo(2));
        Assert.Equal(100, watermark.Value);

        // Channel 0's 300 was carried with frontier 3: it covers epochs below 3, so it counts from epoch 3 on.
        watermark.Record(1, frontier: 3, watermark: 250);
        Assert.True(watermark.MoveTo(3));
        Assert.Equal(250, watermark.Value);
    }

    [Fact]
    public void MoveTo_ChannelThatNeverSentAnything_HoldsTheWatermarkAtTheStart()
    {
        var watermark = new StreamWatermark(channelCount: 2, startEpoch: 1);
        watermark.Record(0, frontier: 5, watermark: 500);
        watermark.Record(1, frontier: 5, watermark: 0);

        Assert.False(watermark.MoveTo(5));
        Assert.Equal(0, watermark.Value);
    }

    [Fact]
    public void MoveTo_ChannelAtEof_NoLongerHoldsTheWatermarkBack()
    {
        var watermark = new StreamWatermark(channelCount: 2, startEpoch: 1);
        watermark.RecordEnd(1, latestEpochWithItems: 1);
        watermark.Record(0, frontier: 2, watermark: 700);

        Assert.True(watermark.MoveTo(2));
        Assert.Equal(700, watermark.Value);
    }

    [Fact]
    public void MoveTo_ChannelThatEndsInTheEpoch_HoldsItsLastWatermarkUntilTheNextEpoch()
    {
        // Channel 1 cut epoch 25 at 100, sent items of 25 (stamped 100 and later) and ended; channel 0 is at 200. The
        // items of channel 1's last epoch are applied in epoch 25: a watermark of 200 there would make them late.
        var watermark = new StreamWatermark(channelCount: 2, startEpoch: 1);
        watermark.Record(1, frontier: 25, watermark: 100);
        watermark.RecordEnd(1, latestEpochWithItems: 25);
        watermark.Record(0, frontier: 25, watermark: 200);

        Assert.True(watermark.MoveTo(25));
        Assert.Equal(100, watermark.Value);
        watermark.Record(0, frontier: 26, watermark: 300);
        Assert.True(watermark.MoveTo(26));
        Assert.Equal(300, watermark.Value);
    }

    [Fact]
    public void MoveTo_ChannelThatEndsInTheStartEpochOfAResumedRun_HoldsTheWatermarkThere()
    {
        var watermark = new StreamWatermark(channelCount: 2, startEpoch: 7);
        watermark.RecordEnd(1, latestEpochWithItems: 7);
        watermark.Record(0, frontier: 8, watermark: 700);

        Assert.False(watermark.MoveTo(7));
        Assert.True(watermark.MoveTo(8));
        Assert.Equal(700, watermark.Value);
    }

    [Fact]
    public void MoveTo_ChannelThatEndsWithItemsInLaterEpochsThanItsLastFrontier_HoldsItsLastWatermarkThroughThem()
    {
        // Channel 1's last progress was to 5 (at 100); an operator upstream then applied held epochs 6 and 7 at EOF
        // and sent their output, with no progress between, before its end.
        var watermark = new StreamWatermark(channelCount: 2, startEpoch: 1);
        watermark.Record(1, frontier: 5, watermark: 100);
        watermark.RecordEnd(1, latestEpochWithItems: 7);
        watermark.Record(0, frontier: 5, watermark: 200);
        watermark.Record(0, frontier: 8, watermark: 300);

        Assert.True(watermark.MoveTo(6));
        Assert.Equal(100, watermark.Value);
        Assert.False(watermark.MoveTo(7));
        Assert.True(watermark.MoveTo(8));
        Assert.Equal(300, watermark.Value);
    }

    [Fact]
    public void Resume_Floor_WatermarkNeverGoesBelowIt()
    {
        var watermark = new StreamWatermark(channelCount: 1, startEpoch: 1);
        watermark.Resume(1_000);
        watermark.Record(0, frontier: 2, watermark: 10);

        Assert.False(watermark.MoveTo(2));
        Assert.Equal(1_000, watermark.Value);
        watermark.Record(0, frontier: 3, watermark: 2_000);
        Assert.True(watermark.MoveTo(3));
        Assert.Equal(2_000, watermark.Value);
    }
}
