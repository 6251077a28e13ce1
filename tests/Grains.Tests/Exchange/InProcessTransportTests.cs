using Orleans.Dataflow.Grains.Exchange;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Grains.Tests.Exchange;

public sealed class InProcessTransportTests
{
    [Fact]
    public void Transport_MessagesFromOneSender_ArriveInOrder()
    {
        using var transport = new InProcessTransport(2, 64);

        for (var i = 0; i < 5; i++)
        {
            transport.Send(1, ExchangeMessage.Data(0, 0, epoch: i, new[] { i }, 1));
        }

        transport.Send(1, ExchangeMessage.Progress(0, 0, 7));
        var received = new List<long>();
        while (transport.TryReceive(1, out var message))
        {
            received.Add(message.IsProgress ? -message.Frontier : message.Epoch);
        }

        Assert.Equal([0, 1, 2, 3, 4, -7], received);
        Assert.False(transport.TryReceive(0, out _));
    }

    [Fact]
    public void Transport_MoreUnreadDataThanTheLimit_SenderIsBackedUpUntilRead()
    {
        using var transport = new InProcessTransport(3, maxUnreadPerSender: 1);

        transport.Send(1, Data(sender: 0));
        transport.Send(2, Data(sender: 0));
        transport.Send(1, ExchangeMessage.Progress(0, 0, 5));
        Assert.False(transport.IsBackedUp(0));
        transport.Send(2, Data(sender: 0));
        Assert.True(transport.IsBackedUp(0));
        Assert.False(transport.IsBackedUp(1));

        Assert.True(transport.TryReceive(2, out _));

        Assert.False(transport.IsBackedUp(0));
    }

    [Fact]
    public void Transport_Send_WakesTheReceiver()
    {
        using var transport = new InProcessTransport(2, 64);
        var woken = 0;
        transport.OnMessage(1, () => woken++);

        transport.Send(1, Data(sender: 0));
        transport.Send(0, Data(sender: 1));

        Assert.Equal(1, woken);
    }

    [Fact]
    public void Transport_SerializeRecords_DeliversEqualRecordsInANewArray()
    {
        using var transport = new InProcessTransport(2, 64, serializeRecords: true)
        {
            Codecs = new Dictionary<int, IExchangeCodec> { [3] = new ExchangeCodec<(string, int)>(Serde.For<(string, int)>()) },
        };
        var items = new[] { ("a", 1), ("bé", -2) };

        transport.Send(1, ExchangeMessage.Data(3, 0, 1, items, 2));

        Assert.True(transport.TryReceive(1, out var message));
        Assert.NotSame(items, message.Items);
        Assert.Equal(items, ((ValueTuple<string, int>[])message.Items!).Take(message.Count));
    }

    [Theory]
    [MemberData(nameof(FlowCatalogue.Names), MemberType = typeof(FlowCatalogue))]
    public void Flow_ThreeWorkersOverSerializingTransport_SameOutputsAsLinq(string name)
    {
        var flowCase = FlowCatalogue.Get(name);
        var input = FlowCatalogue.RandomInput(new Random(7));
        var harness = new FlowHarness();
        var sink = harness.Sink<string>();
        FlowCatalogue.Build(harness, flowCase, input, batchSize: 4, sink);
        using var transport = new InProcessTransport(3, 64, serializeRecords: true);

        harness.Run(transport: transport, epochInterval: TimeSpan.FromMilliseconds(1));

        FlowCatalogue.AssertSameMultiset(flowCase.Oracle(input), sink.Items, $"{name} over a serializing transport");
    }

    private static ExchangeMessage Data(int sender) => ExchangeMessage.Data(0, sender, 1, new[] { 1 }, 1);
}
