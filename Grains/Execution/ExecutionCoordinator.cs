using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Dataflow.Grains.Progress;
using Orleans.Dataflow.Grains.Recovery;

namespace Orleans.Dataflow.Grains.Execution;

/// <summary>What the workers of one execution agree on: the first failure, an abort, where to stop, and which epochs every worker has closed.</summary>
/// <remarks>
/// The frontier tracker of the execution. Thread-safe. A graceful stop works in two steps: each worker stops
/// cutting epochs and publishes its current one; once all have, the stop epoch is the largest, so every worker
/// closes the same last epoch. On a cluster the frontier grain keeps one for all the execution's partitions and
/// applies their reports to it; in one process (<see cref="DataflowExecution"/>) the workers call it directly.
/// </remarks>
[DebuggerDisplay("commit asked up to {_committed}, stop epoch {_stopEpoch}")]
internal sealed class ExecutionCoordinator : IWorkerControl
{
    private readonly object _gate = new();
    private readonly long?[] _stopEpochs;
    private readonly bool[] _retired;
    private readonly long[] _closedEpochs;
    private readonly Action[] _wake;
    private readonly long[] _finalEpochs;
    private readonly BackgroundCommitter? _committer;
    private long _committed;
    private Exception? _failure;
    private int _aborted;
    private int _stopRequested;
    private long? _stopEpoch;

    /// <summary>Coordinates <paramref name="workerCount"/> workers (all of the execution's, in every process).</summary>
    /// <param name="workerCount">The workers of the whole execution.</param>
    /// <param name="recovery">The store to record progress and commit to; null when this process does not keep it.</param>
    /// <param name="execution">The number <paramref name="recovery"/> gave this execution (<see cref="ResumePoint.Execution"/>): its progress and commits are refused once a newer one has begun.</param>
    /// <param name="flowId">The flow, for thread names and measurements.</param>
    /// <param name="log">Where commits are logged (at debug level); null: nowhere.</param>
    public ExecutionCoordinator(int workerCount, IRecoveryStore? recovery = null, long execution = 0, string flowId = "", ILogger? log = null)
    {
        _committer = recovery is null ? null : new BackgroundCommitter(recovery, execution, flowId, Fail, log, WakeAll);
        _finalEpochs = new long[workerCount];
        Array.Fill(_finalEpochs, -1);
        _stopEpochs = new long?[workerCount];
        _retired = new bool[workerCount];
        _closedEpochs = new long[workerCount];
        _wake = new Action[workerCount];
        Array.Fill(_wake, () => { });
    }

    public Exception? Failure => Volatile.Read(ref _failure);

    public bool IsAborted => Volatile.Read(ref _aborted) != 0;

    public bool IsStopRequested => Volatile.Read(ref _stopRequested) != 0;

    /// <summary>Whether workers must leave their loops at once (failure or abort).</summary>
    public bool MustExit => Failure is not null || IsAborted;

    /// <summary>The epoch every worker closes before a graceful stop, once all have published theirs.</summary>
    public long? StopEpoch
    {
        get
        {
            lock (_gate)
            {
                return _stopEpoch;
            }
        }

        private set => _stopEpoch = value;
    }

    /// <summary>The last epoch that every worker has closed at all its operators.</summary>
    public long ClosedEpoch
    {
        get
        {
            lock (_gate)
            {
                return _closedEpochs.Min();
            }
        }
    }

    /// <summary>The last epoch this coordinator has made durable in the store; 0 before its first commit, null without a store.</summary>
    public long? CommittedEpoch => _committer?.Committed;

    /// <inheritdoc/>
    public long Committed => _committer?.Committed ?? 0;

    public void SetWake(int worker, Action wake) => _wake[worker] = wake;

    /// <summary>Records the first failure and makes every worker exit.</summary>
    public void Fail(Exception error)
    {
        Interlocked.CompareExchange(ref _failure, error, null);
        WakeAll();
    }

    /// <summary>Makes every worker exit at once without EOF, as a crash would.</summary>
    public void Abort()
    {
        Volatile.Write(ref _aborted, 1);
        WakeAll();
    }

    /// <summary>Asks every worker to stop after closing the current epoch.</summary>
    public void RequestStop()
    {
        Volatile.Write(ref _stopRequested, 1);
        WakeAll();
    }

    /// <summary>Publishes the epoch <paramref name="worker"/> was in when it stopped cutting; the last publisher fixes the stop epoch.</summary>
    public void PublishStopEpoch(int worker, long epoch) => ApplyStopEpoch(worker, epoch);

    /// <summary>Records that <paramref name="worker"/> has left its loop; a graceful stop no longer waits for it to publish.</summary>
    /// <remarks>
    /// In a flow without exchanges a worker whose inputs have ended finishes on its own while others still read; it
    /// must not hold up the stop epoch the others agree on.
    /// </remarks>
    public void Retire(int worker) => ApplyRetire(worker);

    /// <summary>Records that <paramref name="worker"/> has closed every epoch up to <paramref name="epoch"/>, and commits what every worker has closed.</summary>
    /// <param name="worker">The reporting worker.</param>
    /// <param name="epoch">Its closed epoch; <c>Frontier.Eof - 1</c> once all its input has ended.</param>
    /// <param name="lastEpoch">The last epoch the worker read input in: what its end of input commits as.</param>
    /// <remarks>
    /// Progress and commits go to the store on a thread of their own, in order (<see cref="BackgroundCommitter"/>),
    /// so store I/O and garbage collection never stall a worker. A worker whose input has
    /// ended no longer holds commits back; once every worker's has, the commit is the latest epoch any of them read
    /// in, which no snapshot is later than. A failing store stops the run.
    /// </remarks>
    public void ReportClosed(int worker, long epoch, long lastEpoch) => ApplyClosed(worker, epoch, lastEpoch);

    private void ApplyStopEpoch(int worker, long epoch)
    {
        lock (_gate)
        {
            _stopEpochs[worker] = epoch;
            FixStopEpochOnceAllAnswered();
            AssertInvariants();
        }

        WakeAll();
    }

    private void ApplyRetire(int worker)
    {
        lock (_gate)
        {
            _retired[worker] = true;
            FixStopEpochOnceAllAnswered();
            AssertInvariants();
        }

        WakeAll();
    }

    private void ApplyClosed(int worker, long epoch, long lastEpoch)
    {
        lock (_gate)
        {
            _closedEpochs[worker] = Math.Max(_closedEpochs[worker], epoch);
            if (_committer is null)
            {
                return;
            }

            var ended = epoch == Frontier.Eof - 1;
            if (ended)
            {
                _finalEpochs[worker] = lastEpoch;
            }

            _committer.RecordProgress(worker, ended ? lastEpoch : epoch);
            var committable = CommittableEpoch();
            if (committable > _committed)
            {
                _committed = committable;
                _committer.Request(committable);
            }

            AssertInvariants();
        }
    }

    /// <summary>Commits what every worker has closed and waits until the store has it; returns the store's failure, if any. Call once, after every worker has ended.</summary>
    public Exception? CompleteCommits() => _committer?.Complete();

    /// <summary>The latest epoch every worker has closed, counting a worker whose input ended as past every epoch. Call under the gate.</summary>
    private long CommittableEpoch()
    {
        var open = long.MaxValue;
        var final = 0L;
        for (var w = 0; w < _closedEpochs.Length; w++)
        {
            if (_finalEpochs[w] >= 0)
            {
                final = Math.Max(final, _finalEpochs[w]);
            }
            else
            {
                open = Math.Min(open, _closedEpochs[w]);
            }
        }

        return open == long.MaxValue ? final : open;
    }

    /// <summary>Once every worker has published or retired, the stop epoch is the largest published one. Call under the gate.</summary>
    private void FixStopEpochOnceAllAnswered()
    {
        if (StopEpoch is not null)
        {
            return;
        }

        long? max = null;
        for (var w = 0; w < _stopEpochs.Length; w++)
        {
            if (_stopEpochs[w] is { } epoch)
            {
                max = Math.Max(max ?? epoch, epoch);
            }
            else if (!_retired[w])
            {
                return;
            }
        }

        StopEpoch = max;
    }

    /// <summary>Checks, in debug builds and under the gate, that a fixed stop epoch is at or after every epoch a worker published, so no worker closes an epoch past the stop; and that no worker's closed epoch is negative.</summary>
    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        for (var w = 0; w < _stopEpochs.Length; w++)
        {
            Debug.Assert(_stopEpoch is null || _stopEpochs[w] is null || _stopEpochs[w] <= _stopEpoch,
                $"worker {w} published stop epoch {_stopEpochs[w]}, after the fixed stop epoch {_stopEpoch}");
            Debug.Assert(_closedEpochs[w] >= 0, $"worker {w} closed epoch {_closedEpochs[w]}");
        }
    }

    private void WakeAll()
    {
        foreach (var wake in _wake)
        {
            wake();
        }
    }
}
