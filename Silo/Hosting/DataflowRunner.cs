using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Hosting;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Silo.Recovery;

namespace Orleans.Dataflow.Silo.Hosting;

/// <summary>Runs a flow in this process, alone or as one process of a cluster, with silo options: Bytewax's <c>run_main</c> and <c>cli_main</c>, for tests and for the <c>run</c> command.</summary>
public static class DataflowRunner
{
    /// <summary>Runs <paramref name="flow"/> on <see cref="RunOptions.WorkerCount"/> worker threads until its inputs end, a source aborts, or <paramref name="stop"/> is cancelled.</summary>
    /// <remarks>
    /// Blocks the caller; every worker thread has ended when this returns or throws. Cancelling
    /// <paramref name="stop"/> is a graceful stop: the workers close the current epoch (so sinks have written and
    /// state is snapshotted up to it), then the call returns with <see cref="ExecutionOutcome.Stopped"/>; no EOF is
    /// processed. Items are not replayed across calls unless the sources resume them. With more than one
    /// <see cref="RunOptions.Addresses"/> this is process <see cref="RunOptions.ProcessId"/> of a cluster: its silo joins
    /// process 0's (Orleans development clustering), its partitions run as part of one execution, and it returns when the execution ends (a stop of any process
    /// stops them all); process 0 opens the recovery store.
    /// </remarks>
    /// <returns>How the run ended and the last epoch every worker closed.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count or interval in <paramref name="options"/> is out of range.</exception>
    /// <exception cref="Recovery.RecoveryStoreException">The recovery store's data cannot be used or written (or its server reached); the message names the file or server and what is wrong.</exception>
    /// <exception cref="InvalidDataflowException">The flow is not valid (no input, no output); nothing ran.</exception>
    /// <exception cref="DataflowException">User code threw; it names the flow, step, worker and item, and holds the user's exception as its inner exception.</exception>
    /// <exception cref="Grains.Cluster.ClusterException">Another process of the cluster was lost, failed or did not join in time; the message names it.</exception>
    public static ExecutionResult RunMain(Dataflow flow, RunOptions? options = null, CancellationToken stop = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        options ??= new RunOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WorkerCount, 1, nameof(options.WorkerCount));
        if (RunOptions.RefuseWorkerCount(options.WorkerCount) is { } refused)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.WorkerCount, $"{options.WorkerCount} workers: {refused}");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.SnapshotInterval, TimeSpan.Zero, nameof(options.SnapshotInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BackupInterval, TimeSpan.Zero, nameof(options.BackupInterval));
        var execution = new ExecutionOptions
        {
            WorkerCount = options.WorkerCount,
            EpochInterval = options.SnapshotInterval,
        };
        if (options.Addresses.Count <= 1)
        {
            flow.Validate();
            var store = OpenStore(flow, options, options.WorkerCount);
            using (store as IDisposable)
            {
                var noticed = Noticed(store, options);
                var result = Run(flow, execution with { Recovery = noticed }, stop, options.Started, Definition(flow, options));
                (noticed as ResumeNoticingStore)?.NoticeEnd(result);
                return result;
            }
        }

        return RunOnCluster(flow, execution, options, stop);
    }

    /// <summary>Runs <paramref name="flow"/> with engine options as <see cref="ExecutionOptions.WorkerCount"/> partition grains on this process's silo, starting the silo on first use (a benchmark's or a host's extension point).</summary>
    /// <remarks>Blocks the caller. <see cref="ExecutionOptions.Recovery"/> is used as given: open and dispose it yourself.</remarks>
    /// <exception cref="InvalidDataflowException">The flow is not valid; nothing ran.</exception>
    /// <exception cref="DataflowException">User code threw; it names the flow, step, partition and item.</exception>
    public static ExecutionResult Run(Dataflow flow, ExecutionOptions options, CancellationToken stop = default) => Run(flow, options, stop, started: null, definition: null);

    private static ExecutionResult Run(Dataflow flow, ExecutionOptions options, CancellationToken stop, Action? started, FlowDefinition? definition)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(options);
        var run = Task.Run(async () =>
        {
            var silo = await LocalSilo.Shared();
            return await ClusterExecution.RunAsync(silo.Grains, silo.Catalog, flow, options, options.WorkerCount, stop, started: started, definition: definition);
        });
        return run.GetAwaiter().GetResult();
    }

    /// <summary>Runs this process's part of a cluster of <c>run -i/-a</c> processes: its silo joins process 0's, and the execution's partitions spread over them all.</summary>
    /// <remarks>
    /// Every process opens the recovery store, since each partition writes its own snapshots: on one machine a SQLite
    /// directory, on several a PostgreSQL database. Process 0 opens it before its silo starts (creating it if need be),
    /// the others once the cluster has formed. Process 0 starts the execution and leaves last.
    /// </remarks>
    private static ExecutionResult RunOnCluster(Dataflow flow, ExecutionOptions execution, RunOptions options, CancellationToken stop)
    {
        flow.Validate();
        var partitions = options.Addresses.Count * options.WorkerCount;
        var executionId = $"{flow.Id}@cluster";
        var run = Task.Run(async () =>
        {
            var store = options.ProcessId == 0 ? OpenStore(flow, options, partitions) : null;
            try
            {
                await using var silo = await ClusterSilo.JoinAsync(flow.Id, options, options.Notice);
                store ??= OpenStore(flow, options, partitions);
                var noticed = Noticed(store, options);
                var shared = execution with { Recovery = noticed };
                if (options.ProcessId != 0)
                {
                    return await ClusterExecution.JoinAsync(silo.Grains, silo.Catalog, flow, shared, partitions, executionId, options.StartupTimeout, stop, options.Started,
                        resumeFrontier: options.Clustering is not null, Definition(flow, options));
                }

                try
                {
                    var result = await ClusterExecution.RunAsync(silo.Grains, silo.Catalog, flow, shared, partitions, stop, executionId, options.Started, Definition(flow, options));
                    (noticed as ResumeNoticingStore)?.NoticeEnd(result);
                    return result;
                }
                finally
                {
                    await silo.AwaitOthersLeft(silo.Address, options.StartupTimeout);
                }
            }
            finally
            {
                (store as IDisposable)?.Dispose();
            }
        });
        return run.GetAwaiter().GetResult();
    }

    /// <summary>What the deployment of <paramref name="flow"/> records of its code.</summary>
    private static FlowDefinition Definition(Dataflow flow, RunOptions options) => FlowDefinition.Of(flow, options.FlowFile, options.FlowArguments);

    /// <summary>Starts this process's silo if it is not running yet and returns once it answers, so that a first run does not pay for it (benchmarks, hosts).</summary>
    public static void StartLocalSilo() => LocalSilo.Shared().GetAwaiter().GetResult();

    /// <summary>The fewest partitions of a recovery directory that <c>-r</c> creates; a first run with more workers creates one per worker.</summary>
    /// <remarks>Snapshots go to partitions by step and key, not by worker, so any later worker count runs on the directory; more partitions only let more writers write at once.</remarks>
    public const int DefaultPartitionCount = 4;

    /// <summary>The recovery store <see cref="RunOptions.RecoveryDirectory"/> names: a PostgreSQL database for a <c>postgres://</c> URL, else a directory of SQLite partitions; null without recovery.</summary>
    private static IRecoveryStore? OpenStore(Dataflow flow, RunOptions options, int workerCount) => options.RecoveryDirectory switch
    {
        null => null,
        { } url when PostgresConnectionUrl.IsMatch(url) => PostgresRecoveryStore.Open(url, flow.Id, KeepEpochs(options)),
        { } directory => SqliteRecoveryStore.Open(directory, flow.Id, KeepEpochs(options), Math.Max(DefaultPartitionCount, workerCount)),
    };

    /// <summary><paramref name="store"/>, saying through <see cref="RunOptions.Notice"/> where each execution begun on it resumes from; as it is without a store or a notice.</summary>
    private static IRecoveryStore? Noticed(IRecoveryStore? store, RunOptions options)
        => store is null || options.Notice is not { } notice ? store : new ResumeNoticingStore(store, DescribeStore(options.RecoveryDirectory!), notice);

    /// <summary>The store as a person named it, without a PostgreSQL URL's password.</summary>
    private static string DescribeStore(string store) => PostgresConnectionUrl.IsMatch(store) ? PostgresConnectionUrl.Redact(store) : store;

    /// <summary>How many committed epochs the backup interval spans: superseded snapshots are kept that long, so a partition restored from a backup that old still fits the others.</summary>
    private static long KeepEpochs(RunOptions options)
    {
        if (options.BackupInterval <= TimeSpan.Zero)
        {
            return 0;
        }

        var epoch = Math.Max(options.SnapshotInterval.Ticks, TimeSpan.TicksPerMillisecond);
        return (options.BackupInterval.Ticks + epoch - 1) / epoch;
    }
}
