using Orleans.Dataflow.Grains.Exchange;
using Orleans.Dataflow.Grains.Partitions;
using Orleans.Dataflow.Grains.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Dataflow.Grains.Tests.Partitions;

/// <summary>A partition grain that was never started (a batch sent to a partition whose silo was lost activates it anew on another) holds what was delivered to it only until its execution ends, or its silo stops.</summary>
public sealed class PartitionGrainTests
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task End_OfAPartitionThatNeverStarted_CreditsTheBatchesDeliveredToIt()
    {
        await using var cluster = await DataflowTestSilos.StartAsync();
        var partition = cluster.Client.GetGrain<IPartitionGrain>("lost#1/attempt/1");

        var delivered = DeliverABatch(partition);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var waitingBeforeTheEnd = !delivered.IsCompleted;
        await partition.End();
        await delivered.WaitAsync(_noHang);

        Assert.True(waitingBeforeTheEnd, "a partition with no worker credited a batch before its execution ended");
    }

    [Fact]
    public async Task StoppingItsSilo_APartitionThatNeverStarted_CreditsTheBatchesDeliveredToItBeforeTheSiloStops()
    {
        await using var cluster = await DataflowTestSilos.StartAsync();
        var delivered = DeliverABatch(cluster.Client.GetGrain<IPartitionGrain>("lost#2/attempt/1"));
        var local = cluster.Silos[0].ServiceProvider.GetRequiredService<LocalPartitions>();
        Assert.True(SpinWait.SpinUntil(() => local.WaitingCount == 1, _noHang), "the partition never held the delivery");

        var stopped = cluster.StopSiloAsync(cluster.Silos[0]);
        var first = await Task.WhenAny(delivered, stopped).WaitAsync(_noHang);
        await stopped.WaitAsync(_noHang);

        Assert.Same(delivered, first);
        Assert.True(delivered.IsCompletedSuccessfully, $"the delivery ended {delivered.Status}, not credited: {delivered.Exception?.GetBaseException().Message}");
    }

    /// <summary>Delivers a batch (progress of exchange 0 from partition 0) to <paramref name="partition"/>; the task completes when it is credited.</summary>
    private static Task DeliverABatch(IPartitionGrain partition)
        => partition.Deliver(new ExchangeBatch(ExchangeMessage.Progress(exchangeId: 0, sender: 0, frontier: 2), sequence: 1, codec: null));
}
