using Orleans.Dataflow.Grains.Exchange;
using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Exchange;

/// <summary>A fast reader in front of a slow worker stops reading while its batches sit unread, so what is in flight stays bounded.</summary>
public sealed class BackpressureTests
{
    [Fact]
    public void Exchange_FastReaderSlowReceiver_ReaderBacksOffAndUnreadBatchesStayBounded()
    {
        const int maxBatchesInFlight = 2;
        var items = Enumerable.Range(0, 3000).ToList();
        var harness = new FlowHarness();
        var sink = harness.Sink<int>();

        // Worker 0 reads everything and sends every other batch to worker 1, which is slow; its own half it handles fast.
        harness.Input("inp", items, batchSize: 20)
            .Redistribute("spread")
            .InspectDebug("slow_on_worker_1", (_, item, _, worker) =>
            {
                if (worker == 1 && item % 10 == 0)
                {
                    Thread.Sleep(1);
                }
            })
            .Output("out", sink);
        using var transport = new RecordingTransport(new InProcessTransport(2, maxBatchesInFlight));

        harness.Run(transport: transport, exchangeBatchSize: 16);

        Assert.Equal(items, sink.Items.Order());
        Assert.True(transport.BackedUpAnswers > 0, "the reading worker was never told that it is backed up");

        // The limit is checked before each read. One read of 20 items gives worker 1 ten, which fill at most one batch
        // of 16; the rest goes when it has lingered or the reader idles: the unread count reaches the limit plus one
        // (that is what backs the reader up), at most plus two. The recorder counts a receive only after the inner
        // transport has woken the reader, so it may see one more batch than was ever really unread.
        Assert.InRange(transport.MaxUnread(0), maxBatchesInFlight + 1, maxBatchesInFlight + 3);
    }
}
