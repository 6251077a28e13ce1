using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Dataflow.Grains.Observability;

namespace Orleans.Dataflow.Grains.Recovery;

/// <summary>Records progress and commits epochs to the recovery store on a thread of its own, newest first, so store I/O never stalls a worker.</summary>
/// <remarks>
/// The coordinator asks for a commit once every worker has closed an epoch; every snapshot of it is written by
/// then, so committing later is safe, and when several are pending only the newest is committed. Progress and
/// commits are made as the execution the committer serves, so the store refuses them once a newer execution has begun
/// (<see cref="SupersededExecutionException"/>). A store failure, a refusal included, stops the run through
/// <c>onFailure</c>, and nothing more is committed. <see cref="Complete"/> commits what is still pending and waits, so a
/// run returns only once its last commit is durable.
/// </remarks>
internal sealed partial class BackgroundCommitter
{
    private readonly object _gate = new();
    private readonly IRecoveryStore _store;
    private readonly long _execution;
    private readonly Action<Exception> _onFailure;
    private readonly Action _onCommitted;
    private readonly Thread _thread;
    private readonly string _flowId;
    private readonly ILogger? _log;
    private readonly IDisposable _tracked;
    private readonly Dictionary<int, long> _progress = [];
    private long _requested;
    private long _committed;
    private bool _completing;
    private Exception? _failure;

    /// <summary>Starts the thread that writes to <paramref name="store"/> as execution <paramref name="execution"/> (the <see cref="ResumePoint.Execution"/> it began with); a store failure goes to <paramref name="onFailure"/>, each commit to <paramref name="log"/> at debug level, and <paramref name="onCommitted"/> runs on the thread once <see cref="Committed"/> has moved on.</summary>
    public BackgroundCommitter(IRecoveryStore store, long execution, string flowId, Action<Exception> onFailure, ILogger? log = null, Action? onCommitted = null)
    {
        _onCommitted = onCommitted ?? (() => { });
        _store = store;
        _flowId = flowId;
        _log = log;
        _tracked = DataflowMeters.TrackCommits(flowId, () => Committed);
        _execution = execution;
        _onFailure = onFailure;
        _thread = new Thread(Run) { Name = $"dataflow {flowId} recovery commits", IsBackground = true };
        _thread.Start();
    }

    /// <summary>The last epoch the store has committed for this execution; 0 before the first commit.</summary>
    public long Committed
    {
        get
        {
            lock (_gate)
            {
                return _committed;
            }
        }
    }

    /// <summary>Asks for <paramref name="worker"/>'s progress to be recorded as <paramref name="epoch"/>; a later report supersedes one not yet written.</summary>
    public void RecordProgress(int worker, long epoch)
    {
        lock (_gate)
        {
            _progress[worker] = epoch;
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Asks for <paramref name="epoch"/> to be committed; a later request supersedes an earlier one not yet committed.</summary>
    public void Request(long epoch)
    {
        lock (_gate)
        {
            if (epoch > _requested)
            {
                _requested = epoch;
                Monitor.Pulse(_gate);
            }
        }
    }

    /// <summary>Commits what is pending, stops the thread, and returns the store's failure, if any.</summary>
    public Exception? Complete()
    {
        lock (_gate)
        {
            _completing = true;
            Monitor.Pulse(_gate);
        }

        _thread.Join();
        _tracked.Dispose();
        return _failure;
    }

    private void Run()
    {
        while (true)
        {
            long target;
            List<KeyValuePair<int, long>> progress;
            lock (_gate)
            {
                while (_requested <= _committed && _progress.Count == 0 && !_completing)
                {
                    Monitor.Wait(_gate);
                }

                if (_requested <= _committed && _progress.Count == 0)
                {
                    return;
                }

                target = _requested;
                progress = [.. _progress];
                _progress.Clear();
            }

            try
            {
                // Progress first: a commit never gets ahead of the progress that led to it.
                foreach (var (worker, epoch) in progress)
                {
                    _store.RecordProgress(_execution, worker, epoch);
                }

                if (target > _committed)
                {
                    Commit(target);
                }
            }
            catch (Exception e)
            {
                _failure = e;
                _onFailure(e);
                return;
            }

            lock (_gate)
            {
                _committed = target;
            }

            _onCommitted();
        }
    }

    /// <summary>Commits <paramref name="epoch"/>, timed and traced: the commit is the control path's most frequent step.</summary>
    private void Commit(long epoch)
    {
        using var activity = DataflowActivities.StartFor(DataflowActivities.Commit, _flowId)?.SetTag(DataflowActivities.EpochTag, epoch);
        var started = Stopwatch.GetTimestamp();
        _store.Commit(_execution, epoch);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        DataflowMeters.CommitDuration.Record(seconds, DataflowMeters.Flow(_flowId));
        if (_log is not null)
        {
            LogCommitted(_log, _flowId, epoch, seconds * 1000);
        }
    }

    [LoggerMessage(EventId = DataflowEventIds.EpochCommitted, Level = LogLevel.Debug, Message = "Flow '{FlowId}' committed epoch {Epoch} in {Milliseconds:F1} ms")]
    private static partial void LogCommitted(ILogger logger, string flowId, long epoch, double milliseconds);
}
