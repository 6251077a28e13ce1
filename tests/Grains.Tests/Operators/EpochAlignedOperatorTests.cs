using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Operators;
using Orleans.Dataflow.Grains.Progress;
using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Grains.Tests.Operators;

/// <summary>The aligned-barrier base of stateful operators, driven by hand: items are applied strictly in epoch order.</summary>
public sealed class EpochAlignedOperatorTests
{
    [Fact]
    public void EpochAligned_OneChannel_AppliesAndClosesEachEpochInTurn()
    {
        var op = new RecordingOperator(channels: 1);

        op.OnBatch(1, Items(1, 2));
        op.OnProgress(0, 2);
        op.OnBatch(2, Items(3));
        op.OnProgress(0, Frontier.Eof);

        Assert.Equal(["apply 1,2 @1", "close 1", "progress 2", "apply 3 @2", "eof @2", "close 2", $"progress {Frontier.Eof}"], op.Events);
    }

    [Fact]
    public void EpochAligned_ItemOfLaterEpochFromFasterChannel_IsHeldUntilTheFrontierPasses()
    {
        var op = new RecordingOperator(channels: 2);

        op.OnProgress(1, 2);
        op.OnBatch(2, Items(10));
        op.OnBatch(1, Items(1));
        Assert.Equal(["apply 1 @1"], op.Events);

        op.OnProgress(0, 2);

        Assert.Equal(["apply 1 @1", "close 1", "apply 10 @2", "progress 2"], op.Events);
    }

    [Fact]
    public void EpochAligned_HeldBatch_KeepsItsItemsWhenTheSenderReusesItsBuffer()
    {
        var op = new RecordingOperator(channels: 2);
        var buffer = new[] { 10, 11 };
        op.OnProgress(1, 2);
        op.OnBatch(2, new ArraySegment<int>(buffer));
        buffer[0] = 98;
        buffer[1] = 99;
        op.OnBatch(2, new ArraySegment<int>(buffer, 0, 1));

        op.OnProgress(0, 2);

        Assert.Equal(["close 1", "apply 10,11 @2", "apply 98 @2", "progress 2"], op.Events);
    }

    [Fact]
    public void EpochAligned_HeldItemsOfSeveralEpochs_AppliedInEpochOrderWithACloseBetween()
    {
        var op = new RecordingOperator(channels: 2);
        op.OnProgress(1, 3);
        op.OnBatch(3, Items(30));
        op.OnProgress(1, 4);
        op.OnProgress(0, 2);
        op.OnBatch(2, Items(20));
        op.Events.Clear();

        op.OnProgress(0, 5);

        Assert.Equal(["close 2", "apply 30 @3", "close 3", "progress 4"], op.Events);
    }

    [Fact]
    public void EpochAligned_HeldBatchesArrivingOutOfEpochOrder_StillAppliedInEpochOrder()
    {
        var op = new RecordingOperator(channels: 3);
        op.OnProgress(1, 3);
        op.OnBatch(3, Items(30));
        op.OnProgress(2, 2);
        op.OnBatch(2, Items(20));
        op.OnProgress(1, 4);
        op.OnProgress(2, 4);

        op.OnProgress(0, 4);

        Assert.Equal(["close 1", "apply 20 @2", "close 2", "apply 30 @3", "close 3", "progress 4"], op.Events);
    }

    [Fact]
    public void EpochAligned_HeldItemsAtEof_AppliedBeforeOnEof()
    {
        var op = new RecordingOperator(channels: 2);
        op.OnProgress(1, 3);
        op.OnBatch(3, Items(30));
        op.OnProgress(1, Frontier.Eof);

        op.OnProgress(0, Frontier.Eof);

        Assert.Equal(["close 1", "apply 30 @3", "eof @3", "close 3", $"progress {Frontier.Eof}"], op.Events);
    }

    [Fact]
    public void EpochAligned_FrontierJumpsOverEmptyEpochs_ClosesOnlyTheCurrentOne()
    {
        var op = new RecordingOperator(channels: 1);
        op.OnBatch(1, Items(1));

        op.OnProgress(0, 7);
        op.OnBatch(7, Items(7));

        Assert.Equal(["apply 1 @1", "close 1", "progress 7", "apply 7 @7"], op.Events);
    }

    [Fact]
    public void EpochAligned_ProgressThatDoesNotMoveTheFrontier_ChangesNothing()
    {
        var op = new RecordingOperator(channels: 2);

        op.OnProgress(0, 5);
        op.OnProgress(0, 3);

        Assert.Empty(op.Events);
        Assert.Equal(1, op.InputFrontier);
    }

    private static ArraySegment<int> Items(params int[] items) => new(items);

    private sealed class RecordingOperator(int channels)
        : EpochAlignedOperator<int>(new OperatorContext(new StepContext("flow", "step", 0, 1), new ExecutionOptions(), ResumePoint.Fresh, null), channels)
    {
        public List<string> Events { get; } = [];

        protected override void Apply(ArraySegment<int> items) => Events.Add($"apply {string.Join(',', items)} @{CurrentEpoch}");

        protected override void CloseEpoch(long epoch) => Events.Add($"close {epoch}");

        protected override void OnEof() => Events.Add($"eof @{CurrentEpoch}");

        protected override void SendProgress(long frontier) => Events.Add($"progress {frontier}");
    }
}
