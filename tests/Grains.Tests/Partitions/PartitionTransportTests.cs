using Orleans.Dataflow.Grains.Exchange;
using Orleans.Dataflow.Grains.Partitions;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Grains.Tests.Partitions;

/// <summary>A partition's data batches in flight are bounded: past the limit its worker is backed up (stops reading its sources) until a receiver takes one, which wakes it.</summary>
public sealed class PartitionTransportTests
{
    private const int MaxInFlight = 2;

    [Fact]
    public async Task Send_OneDataBatchPastTheLimit_IsBackedUpUntilTheReceiverTakesOne_WhichWakesTheSender()
    {
        await using var cluster = await DataflowTestSilos.StartAsync();
        var (transport, receiver) = TwoPartitionsOnThisSilo(cluster.Client);
        var wakes = 0;
        transport.OnMessage(0, () => Interlocked.Increment(ref wakes));

        for (var i = 0; i < MaxInFlight; i++)
        {
            transport.Send(1, Data(i));
        }

        var backedUpAtTheLimit = transport.IsBackedUp(0);
        transport.Send(1, ExchangeMessage.Progress(exchangeId: 0, sender: 0, frontier: 2));
        var backedUpAfterProgress = transport.IsBackedUp(0);
        transport.Send(1, Data(MaxInFlight));
        var backedUpPastTheLimit = transport.IsBackedUp(0);
        var wakesBeforeTheTake = wakes;
        Assert.True(receiver.TryTake(out var taken), "the receiver had no batch");

        Assert.False(backedUpAtTheLimit, $"backed up with {MaxInFlight} batches in flight, the limit");
        Assert.False(backedUpAfterProgress, "progress counted as a data batch in flight");
        Assert.True(backedUpPastTheLimit, $"not backed up with {MaxInFlight + 1} batches in flight");
        Assert.Equal([0], (int[])taken.Message!.Items!);
        Assert.False(transport.IsBackedUp(0), "still backed up once the receiver took a batch");
        Assert.Equal(1, wakes - wakesBeforeTheTake);
    }

    /// <summary>The transport of partition 0 of two, whose partition 1 runs on this silo (its inbox is found locally, so no batch goes by grain call), and partition 1's inbox.</summary>
    private static (PartitionTransport Transport, PartitionInbox Receiver) TwoPartitionsOnThisSilo(IGrainFactory grains)
    {
        IPartitionGrain[] partitions = [grains.GetGrain<IPartitionGrain>("bounded#1/attempt/0"), grains.GetGrain<IPartitionGrain>("bounded#1/attempt/1")];
        var receiver = new PartitionInbox();
        var local = new LocalInboxes();
        local.Add(partitions[1].GetPrimaryKeyString(), receiver);
        var transport = new PartitionTransport("bounded", 0, partitions, local, new PartitionInbox(), MaxInFlight,
            onFailure: e => throw e, onLost: (e, _) => throw e)
        {
            Codecs = new Dictionary<int, IExchangeCodec> { [0] = new ExchangeCodec<int>(Serde.For<int>()) },
        };
        return (transport, receiver);
    }

    /// <summary>A data batch of exchange 0 from partition 0 in epoch 1, holding <paramref name="value"/>.</summary>
    private static ExchangeMessage Data(int value) => ExchangeMessage.Data(exchangeId: 0, sender: 0, epoch: 1, new[] { value }, count: 1);
}
