using System.Runtime.ExceptionServices;
using Orleans.Dataflow.Grains.Exchange;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Inputs;
using Orleans.Dataflow.Testing;
using Orleans.Dataflow.TestingHost;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>A flow under test: its sources and sinks are tracked, and <see cref="Run"/> checks that the run ended cleanly.</summary>
/// <remarks>
/// After every run, failed or not, every source and sink partition must have been disposed exactly once; after a
/// run that did not fail, every recording sink must have had one partition per worker. A run that does not end
/// within its timeout fails the test instead of hanging the suite.
/// </remarks>
internal sealed class FlowHarness(string flowId = "test_df")
{
    /// <summary>How long a run may take before the test fails; generous, only a hang reaches it.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private readonly List<Func<int, string?>> _sinkChecks = [];

    public Dataflow Flow { get; } = new(flowId);

    public DisposeTracker Tracker { get; } = new();

    /// <summary>Adds an input reading a tracked <see cref="TestingSource{T}"/> over <paramref name="items"/>.</summary>
    public Stream<T> Input<T>(string stepId, IEnumerable<TestingItem<T>> items, int batchSize = 1)
        => Flow.Input(stepId, Track(new TestingSource<T>(items, batchSize)));

    /// <summary>Adds an input reading a tracked <see cref="TestingSource{T}"/> over plain <paramref name="items"/>.</summary>
    public Stream<T> Input<T>(string stepId, IEnumerable<T> items, int batchSize = 1)
        => Flow.Input(stepId, Track(new TestingSource<T>(items, batchSize)));

    /// <summary>Wraps <paramref name="source"/> so that its partitions are tracked.</summary>
    public TrackedSource<T, TState> Track<T, TState>(FixedPartitionedSource<T, TState> source) => new(source, Tracker);

    /// <summary>A never-ending dynamic source whose partitions are tracked.</summary>
    public EndlessSource Endless(int batchSize = 4, TimeSpan? interval = null) => new(Tracker, batchSize, interval);

    /// <summary>A recording sink whose partitions are tracked.</summary>
    public RecordingSink<T> Sink<T>(Action<T>? onWrite = null)
    {
        var sink = new RecordingSink<T>(Tracker) { OnWrite = onWrite };
        _sinkChecks.Add(workers => sink.Built == workers ? null : $"a sink built {sink.Built} partitions for {workers} workers");
        return sink;
    }

    /// <summary>Runs the flow on <c>workers</c> workers in each of <c>silos</c> silos (above 1: an Orleans <see cref="TestCluster"/>) and checks that it ended cleanly; rethrows what the run threw.</summary>
    public ExecutionResult Run(int workers = 1, TimeSpan? epochInterval = null, IRecoveryStore? snapshots = null,
        CancellationToken stop = default, IWorkerTransport? transport = null, int maxBatchesInFlight = 64,
        int exchangeBatchSize = 1024, TimeSpan? timeout = null, TimeProvider? clock = null, int silos = 1)
    {
        var options = new ExecutionOptions
        {
            WorkerCount = transport?.WorkerCount ?? workers,
            EpochInterval = epochInterval ?? TimeSpan.FromSeconds(10),
            Recovery = snapshots,
            MaxBatchesInFlight = maxBatchesInFlight,
            ExchangeBatchSize = exchangeBatchSize,
            Clock = clock ?? TimeProvider.System,
        };
        var run = Task.Factory.StartNew(
            () => silos > 1 ? new TestCluster(silos, workers).Run(Flow, options, stop)
                : transport is null ? DataflowExecution.Run(Flow, options, stop)
                : DataflowExecution.Run(Flow, options, transport, stop),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var limit = timeout ?? DefaultTimeout;
        if (Task.WaitAny([run], limit) < 0)
        {
            throw new TimeoutException($"flow '{Flow.Id}' with {workers} workers did not end within {limit.TotalSeconds} s");
        }

        if (run.Exception is { } failed)
        {
            Tracker.AssertAllClosed();
            ExceptionDispatchInfo.Throw(failed.InnerException!);
        }

        Tracker.AssertAllClosed();
        var workerCount = transport?.WorkerCount ?? workers * silos;
        var problems = _sinkChecks.Select(check => check(workerCount)).OfType<string>().ToList();
        Assert.True(problems.Count == 0, string.Join("; ", problems));
        return run.Result;
    }
}
