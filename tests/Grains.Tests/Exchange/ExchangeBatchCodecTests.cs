using Orleans.Dataflow.Grains.Exchange;

namespace Orleans.Dataflow.Grains.Tests.Exchange;

/// <summary>The header of an exchange batch between silos, golden bytes: progress carries the sender's stream watermark in the slot data batches use for their epoch. Append-only.</summary>
public sealed class ExchangeBatchCodecTests
{
    [Fact]
    public void ExchangeBatchCodec_ProgressWithoutWatermark_KeepsTheEpochSlotZero()
    {
        var bytes = Encode(new ExchangeBatch(ExchangeMessage.Progress(exchangeId: 3, sender: 1, frontier: 42), sequence: 7, codec: null));

        Assert.Equal(
            [
                0x03, 0x00, 0x00, 0x00, // exchange id
                0x01, 0x00, 0x00, 0x00, // sender
                0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // sequence
                0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // epoch slot: no watermark
                0x2A, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // frontier
                0x00, 0x00, 0x00, 0x00, // count
                0x01, // progress
            ],
            bytes);
    }

    [Fact]
    public void ExchangeBatchCodec_ProgressWithWatermark_WritesItInTheEpochSlotAndReadsItBack()
    {
        var watermark = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        var bytes = Encode(new ExchangeBatch(ExchangeMessage.Progress(exchangeId: 3, sender: 1, frontier: 42, watermark), sequence: 7, codec: null));

        Assert.Equal(BitConverter.GetBytes(watermark), bytes[16..24]);
        var message = ExchangeBatchCodec.Decode(bytes, bytes.Length, pooled: false).ToMessage(new Dictionary<int, IExchangeCodec>());
        Assert.True(message.IsProgress);
        Assert.Equal((42L, watermark, 0L), (message.Frontier, message.Watermark, message.Epoch));
    }

    private static byte[] Encode(ExchangeBatch batch) => ExchangeBatchCodec.Encode(batch).WrittenSpan.ToArray();
}
