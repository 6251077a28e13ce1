using Orleans.Dataflow.Grains.Exchange;
using Orleans.Dataflow.Grains.Partitions;

namespace Orleans.Dataflow.Grains.Tests.Partitions;

/// <summary>A partition's inbox puts each channel's batches back in sequence order, whether they came by grain call or from a partition of the same silo, and credits each sender when its batch is taken.</summary>
public sealed class PartitionInboxTests
{
    [Fact]
    public void TryTake_BatchesOfOneChannelByBothWaysOutOfOrder_TakenInSequenceOrder()
    {
        var inbox = new PartitionInbox();
        var taken = new List<long>();

        inbox.AcceptLocal(Batch(sender: 0, sequence: 3), b => taken.Add(b.Sequence));
        _ = inbox.Accept(Batch(sender: 0, sequence: 2));
        inbox.AcceptLocal(Batch(sender: 0, sequence: 1), b => taken.Add(b.Sequence));

        Assert.Equal([1L, 2L, 3L], TakeAll(inbox));
        Assert.Equal([1L, 3L], taken);
    }

    [Fact]
    public void Accept_ACopyOfABatchTakenOrHeldBack_IsTakenOnce_AndItsCallCompletesAtOnce()
    {
        var inbox = new PartitionInbox();
        _ = inbox.Accept(Batch(sender: 0, sequence: 1));
        Assert.True(inbox.TryTake(out _));
        _ = inbox.Accept(Batch(sender: 0, sequence: 3));

        var copyOfTaken = inbox.Accept(Batch(sender: 0, sequence: 1));
        var copyOfHeldBack = inbox.Accept(Batch(sender: 0, sequence: 3));
        _ = inbox.Accept(Batch(sender: 0, sequence: 2));

        Assert.True(copyOfTaken.IsCompleted);
        Assert.True(copyOfHeldBack.IsCompleted);
        Assert.Equal([2L, 3L], TakeAll(inbox));
    }

    [Fact]
    public void AcceptLocal_CallbackRunsWhenTheWorkerTakesTheBatch_NotBefore()
    {
        var inbox = new PartitionInbox();
        var credited = 0;

        inbox.AcceptLocal(Batch(sender: 1, sequence: 1), _ => credited++);

        Assert.Equal(0, credited);
        Assert.True(inbox.TryTake(out _));
        Assert.Equal(1, credited);
    }

    [Fact]
    public void AcceptLocal_WakesTheWorker()
    {
        var inbox = new PartitionInbox();
        var wakes = 0;
        inbox.Wake = () => wakes++;

        inbox.AcceptLocal(Batch(sender: 1, sequence: 1), _ => { });

        Assert.Equal(1, wakes);
    }

    [Fact]
    public async Task Close_WaitingAndLaterBatches_EverySenderCreditedNothingTaken()
    {
        var inbox = new PartitionInbox();
        var credited = new List<long>();
        inbox.AcceptLocal(Batch(sender: 0, sequence: 1), b => credited.Add(b.Sequence));
        inbox.AcceptLocal(Batch(sender: 0, sequence: 3), b => credited.Add(b.Sequence));
        var byCall = inbox.Accept(Batch(sender: 1, sequence: 1));

        inbox.Close();
        inbox.AcceptLocal(Batch(sender: 0, sequence: 2), b => credited.Add(b.Sequence));

        Assert.Equal([1L, 2L, 3L], credited.Order());
        await byCall.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(inbox.TryTake(out _));
    }

    [Fact]
    public void TryTake_TwoChannels_EachInItsOwnOrder()
    {
        var inbox = new PartitionInbox();

        inbox.AcceptLocal(Batch(sender: 0, sequence: 2), _ => { });
        inbox.AcceptLocal(Batch(sender: 1, sequence: 1), _ => { });
        inbox.AcceptLocal(Batch(sender: 0, sequence: 1), _ => { });

        var order = new List<(int, long)>();
        while (inbox.TryTake(out var batch))
        {
            order.Add((batch.Sender, batch.Sequence));
        }

        Assert.Equal([(1, 1L), (0, 1L), (0, 2L)], order);
    }

    [Fact]
    public void CloseUnlessClaimed_AfterAWorkerClaimedIt_KeepsItsBatchesForTheWorker()
    {
        var inbox = new PartitionInbox();
        var delivered = inbox.Accept(Batch(sender: 0, sequence: 1));

        Assert.True(inbox.Claim());
        inbox.CloseUnlessClaimed();

        Assert.False(delivered.IsCompleted);
        Assert.Equal([1L], TakeAll(inbox));
        Assert.True(delivered.IsCompletedSuccessfully);
    }

    [Fact]
    public void Claim_AfterCloseUnlessClaimed_IsRefusedAndTheWaitingSendersWereCredited()
    {
        var inbox = new PartitionInbox();
        var delivered = inbox.Accept(Batch(sender: 0, sequence: 1));

        inbox.CloseUnlessClaimed();

        Assert.True(delivered.IsCompletedSuccessfully);
        Assert.False(inbox.Claim());
    }

    [Fact]
    public void LongestGap_LaterBatchesWaitForAMissingOne_NamesTheSenderAndTheMissingBatchUntilItComes()
    {
        var inbox = new PartitionInbox();
        inbox.AcceptLocal(Batch(sender: 0, sequence: 1), _ => { });
        inbox.AcceptLocal(Batch(sender: 2, sequence: 1), _ => { });
        var noneMissing = inbox.LongestGap();

        inbox.AcceptLocal(Batch(sender: 2, sequence: 3), _ => { });
        inbox.AcceptLocal(Batch(sender: 2, sequence: 4), _ => { });
        var missing = inbox.LongestGap();
        inbox.AcceptLocal(Batch(sender: 2, sequence: 2), _ => { });
        var filled = inbox.LongestGap();

        Assert.Null(noneMissing);
        Assert.Equal(2, missing?.Sender);
        Assert.Equal(2, missing?.Missing);
        Assert.Null(filled);
        Assert.Equal([1L, 1L, 2L, 3L, 4L], TakeAll(inbox));
    }

    [Fact]
    public void LongestGap_AFilledGapFollowedByAnother_CountsTheNewOneFromWhenItOpened()
    {
        var inbox = new PartitionInbox();
        inbox.AcceptLocal(Batch(sender: 1, sequence: 2), _ => { });
        inbox.AcceptLocal(Batch(sender: 1, sequence: 4), _ => { });
        Thread.Sleep(50);
        var first = inbox.LongestGap();

        inbox.AcceptLocal(Batch(sender: 1, sequence: 1), _ => { });
        var second = inbox.LongestGap();

        Assert.Equal(1, first?.Missing);
        Assert.Equal(3, second?.Missing);
        Assert.True(second?.For < first?.For, $"the gap before batch 3 counted from the one before batch 1: {second?.For} against {first?.For}");
    }

    private static List<long> TakeAll(PartitionInbox inbox)
    {
        var sequences = new List<long>();
        while (inbox.TryTake(out var batch))
        {
            sequences.Add(batch.Sequence);
        }

        return sequences;
    }

    private static ExchangeBatch Batch(int sender, long sequence) => new(ExchangeMessage.Progress(exchangeId: 0, sender: sender, frontier: sequence), sequence, codec: null);
}
