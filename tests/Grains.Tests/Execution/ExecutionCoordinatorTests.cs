using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.Grains.Tests.Execution;

public sealed class ExecutionCoordinatorTests
{
    [Fact]
    public void Coordinator_AllWorkersPublishStopEpochs_StopEpochIsTheLargest()
    {
        var coordinator = new ExecutionCoordinator(3);

        coordinator.PublishStopEpoch(0, 4);
        coordinator.PublishStopEpoch(2, 9);
        Assert.Null(coordinator.StopEpoch);
        coordinator.PublishStopEpoch(1, 6);

        Assert.Equal(9, coordinator.StopEpoch);
    }

    [Fact]
    public void Coordinator_WorkerFinishedBeforeTheStop_StopEpochAgreedByTheOthers()
    {
        var coordinator = new ExecutionCoordinator(3);

        coordinator.Retire(1);
        coordinator.PublishStopEpoch(0, 4);
        Assert.Null(coordinator.StopEpoch);
        coordinator.PublishStopEpoch(2, 6);

        Assert.Equal(6, coordinator.StopEpoch);
    }

    [Fact]
    public void Coordinator_LastRunningWorkerRetiresAfterOthersPublished_FixesTheStopEpoch()
    {
        var coordinator = new ExecutionCoordinator(2);
        var woken = 0;
        coordinator.SetWake(0, () => woken++);

        coordinator.PublishStopEpoch(0, 3);
        coordinator.Retire(1);

        Assert.Equal(3, coordinator.StopEpoch);
        Assert.Equal(2, woken);
    }

    [Fact]
    public void Coordinator_EveryWorkerRetiredWithoutStop_HasNoStopEpoch()
    {
        var coordinator = new ExecutionCoordinator(2);

        coordinator.Retire(0);
        coordinator.Retire(1);
        coordinator.RequestStop();

        Assert.Null(coordinator.StopEpoch);
    }

    [Fact]
    public void Coordinator_ClosedEpoch_IsTheSmallestReportedAndNeverMovesBack()
    {
        var coordinator = new ExecutionCoordinator(2);

        coordinator.ReportClosed(0, 5, 5);
        Assert.Equal(0, coordinator.ClosedEpoch);
        coordinator.ReportClosed(1, 3, 3);
        coordinator.ReportClosed(1, 2, 2);

        Assert.Equal(3, coordinator.ClosedEpoch);
    }

    [Fact]
    public void Coordinator_TwoFailures_KeepsTheFirstAndWakesEveryWorker()
    {
        var coordinator = new ExecutionCoordinator(2);
        var woken = new int[2];
        coordinator.SetWake(0, () => woken[0]++);
        coordinator.SetWake(1, () => woken[1]++);
        var first = new InvalidOperationException("first");

        coordinator.Fail(first);
        coordinator.Fail(new InvalidOperationException("second"));

        Assert.Same(first, coordinator.Failure);
        Assert.True(coordinator.MustExit);
        Assert.Equal([2, 2], woken);
    }

    [Fact]
    public void Coordinator_Abort_MakesWorkersExitWithoutFailure()
    {
        var coordinator = new ExecutionCoordinator(1);

        coordinator.Abort();

        Assert.True(coordinator.IsAborted);
        Assert.True(coordinator.MustExit);
        Assert.Null(coordinator.Failure);
    }
}
