using System.Diagnostics;
using Orleans.Dataflow.Grains.Exchange;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Operators;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Grains.Tests.Exchange;

/// <summary>An exchange's sending end: batches as full as the worker's pace allows, in epoch order before progress, and no buffer per peer.</summary>
public sealed class ExchangeSenderTests
{
    [Fact]
    public void Created_ForAThousandWorkers_RentsNoBufferBeforeARecordGoesToAWorker()
    {
        var transport = new RecordingTransport(1000);
        var before = GC.GetAllocatedBytesForCurrentThread();

        _ = NewSender(transport, new List<long>());

        // Two arrays of a thousand slots (counts and buffer references): tens of kilobytes. A buffer of 1024 records per
        // peer, as senders used to rent up front, would be 8 MB here and 8 GB over a thousand workers.
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64 * 1024);
    }

    [Fact]
    public void Records_AreHeldAcrossIncomingBatches_AndFlushGivesEachWorkerOneBatch()
    {
        var transport = new RecordingTransport(3);
        var local = new List<long>();
        var sender = NewSender(transport, local);

        sender.OnBatch(1, new ArraySegment<long>([0, 1, 2, 3, 4, 5, 6]));
        sender.OnBatch(1, new ArraySegment<long>([7, 8]));
        Assert.Empty(local);
        Assert.Empty(transport.Sent);

        sender.Flush();

        Assert.Equal([0, 3, 6], local);
        Assert.Equal([(1, 3, 1L), (2, 3, 1L)], transport.Sent.Select(s => (s.To, s.Message.Count, s.Message.Epoch)));
    }

    [Fact]
    public void AFullBatch_LeavesAtOnce_TheRestWaits()
    {
        var transport = new RecordingTransport(2);
        var sender = NewSender(transport, new List<long>(), batchSize: 2);

        sender.OnBatch(1, new ArraySegment<long>([1, 3, 5]));

        Assert.Equal([(1, 2)], transport.Sent.Select(s => (s.To, s.Message.Count)));
    }

    [Fact]
    public void AnotherEpoch_SendsWhatTheEarlierEpochHeld_InItsOwnBatch()
    {
        var transport = new RecordingTransport(2);
        var sender = NewSender(transport, new List<long>());

        sender.OnBatch(1, new ArraySegment<long>([1, 3]));
        sender.OnBatch(2, new ArraySegment<long>([5]));
        sender.Flush();

        Assert.Equal([(2, 1L), (1, 2L)], transport.Sent.Select(s => (s.Message.Count, s.Message.Epoch)));
    }

    [Fact]
    public void Progress_FollowsTheDataItCovers()
    {
        var transport = new RecordingTransport(2);
        var sender = NewSender(transport, new List<long>());

        sender.OnBatch(1, new ArraySegment<long>([1, 3]));
        sender.OnProgress(0, 2);

        Assert.Equal([false, true], transport.Sent.Select(s => s.Message.IsProgress));
    }

    [Fact]
    public void HeldRecords_LeaveOnlyOnceTheyHaveLingered()
    {
        var transport = new RecordingTransport(2);
        var sender = NewSender(transport, new List<long>());
        var start = Stopwatch.GetTimestamp();

        sender.OnBatch(1, new ArraySegment<long>([1]));
        sender.FlushLingering(start);
        Assert.Empty(transport.Sent);

        sender.FlushLingering(start + (long)(ExchangeSender<long, FunctionRoute<long>>.Linger.TotalSeconds * Stopwatch.Frequency * 2));
        Assert.Single(transport.Sent);
    }

    [Fact]
    public void EmittedRecords_AreRoutedAsTheyCome_AndNoneLeavesBeforeEndEmit()
    {
        var transport = new RecordingTransport(2);
        var local = new List<long>();
        var sender = NewSender(transport, local, batchSize: 2);

        sender.BeginEmit(1);
        foreach (var record in new long[] { 0, 1, 2, 3, 5 })
        {
            sender.Emit(record);
        }

        // Both batches are full, but a step's user code is still emitting: nothing downstream may run yet.
        Assert.Empty(local);
        Assert.Empty(transport.Sent);

        Assert.Equal(5, sender.EndEmit());

        // Worker 1's batch filled, then took one more record: it leaves whole, with all three.
        Assert.Equal([0, 2], local);
        Assert.Equal([(1, 3, 1L)], transport.Sent.Select(s => (s.To, s.Message.Count, s.Message.Epoch)));
    }

    [Fact]
    public void EmittedRecords_ThatFillNoBatch_AreHeldLikeSentOnes()
    {
        var transport = new RecordingTransport(2);
        var local = new List<long>();
        var sender = NewSender(transport, local);

        sender.BeginEmit(1);
        sender.Emit(0);
        sender.Emit(1);
        sender.EndEmit();
        Assert.Empty(local);
        Assert.Empty(transport.Sent);

        sender.Flush();

        Assert.Equal([0], local);
        Assert.Equal([(1, 1)], transport.Sent.Select(s => (s.To, s.Message.Count)));
    }

    [Fact]
    public void EmittedRecords_BeyondABatch_LeaveInOneLargerBatch_InOrder()
    {
        var transport = new RecordingTransport(2);
        var sender = NewSender(transport, new List<long>(), batchSize: 2);

        sender.BeginEmit(1);
        foreach (var record in new long[] { 1, 3, 5, 7, 9 })
        {
            sender.Emit(record);
        }

        sender.EndEmit();

        var batch = Assert.Single(transport.Sent);
        Assert.Equal([1L, 3, 5, 7, 9], ((long[])batch.Message.Items!).Take(batch.Message.Count));
    }

    [Fact]
    public void EmittingInAnotherEpoch_FirstSendsWhatTheEarlierEpochHeld()
    {
        var transport = new RecordingTransport(2);
        var sender = NewSender(transport, new List<long>());

        sender.OnBatch(1, new ArraySegment<long>([1, 3]));
        sender.BeginEmit(2);
        sender.Emit(5);
        sender.EndEmit();
        sender.Flush();

        Assert.Equal([(2, 1L), (1, 2L)], transport.Sent.Select(s => (s.Message.Count, s.Message.Epoch)));
    }

    private static ExchangeSender<long, FunctionRoute<long>> NewSender(RecordingTransport transport, List<long> local, int batchSize = 1024)
    {
        var context = new OperatorContext(new StepContext("flow", "step", 0, transport.WorkerCount), new ExecutionOptions(), ResumePoint.Fresh, null);
        var receiver = new CollectingReceiver(local);
        return new(0, context, new(item => (int)(item % transport.WorkerCount)), transport, receiver, receiver, batchSize);
    }

    private sealed class CollectingReceiver(List<long> items) : IBatchReceiver<long>, IProgressReceiver
    {
        public void OnBatch(long epoch, ArraySegment<long> batch) => items.AddRange(batch);

        public void OnProgress(int channel, long frontier)
        {
        }
    }

    private sealed class RecordingTransport(int workers) : IWorkerTransport
    {
        public List<(int To, ExchangeMessage Message)> Sent { get; } = [];

        public int WorkerCount => workers;

        public IReadOnlyDictionary<int, IExchangeCodec> Codecs { get; set; } = new Dictionary<int, IExchangeCodec>();

        public void Send(int toWorker, ExchangeMessage message) => Sent.Add((toWorker, message));

        public bool TryReceive(int worker, out ExchangeMessage message)
        {
            message = null!;
            return false;
        }

        public bool IsBackedUp(int fromWorker) => false;

        public void OnMessage(int worker, Action wake)
        {
        }

        public void Dispose()
        {
        }
    }
}
