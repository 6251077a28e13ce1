namespace Orleans.Dataflow.Grains.Execution;

/// <summary>What the workers of one execution agree on: the first failure, an abort, where to stop, and which epochs every worker has closed.</summary>
/// <remarks>
/// The frontier tracker of the execution. Thread-safe. A graceful stop works in two steps: each worker stops
/// cutting epochs and publishes its current one; once all have, the stop epoch is the largest, so every worker
/// closes the same last epoch.
/// </remarks>
internal sealed class ExecutionCoordinator
{
    private readonly object _gate = new();
    private readonly long?[] _stopEpochs;
    private readonly bool[] _retired;
    private readonly long[] _closedEpochs;
    private readonly Action[] _wake;
    private Exception? _failure;
    private bool _aborted;
    private bool _stopRequested;
    private long? _stopEpoch;

    public ExecutionCoordinator(int workerCount)
    {
        _stopEpochs = new long?[workerCount];
        _retired = new bool[workerCount];
        _closedEpochs = new long[workerCount];
        _wake = new Action[workerCount];
        Array.Fill(_wake, () => { });
    }

    public Exception? Failure => Volatile.Read(ref _failure);

    public bool IsAborted => Volatile.Read(ref _aborted);

    public bool IsStopRequested => Volatile.Read(ref _stopRequested);

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
        Volatile.Write(ref _aborted, true);
        WakeAll();
    }

    /// <summary>Asks every worker to stop after closing the current epoch.</summary>
    public void RequestStop()
    {
        Volatile.Write(ref _stopRequested, true);
        WakeAll();
    }

    /// <summary>Publishes the epoch <paramref name="worker"/> was in when it stopped cutting; the last publisher fixes the stop epoch.</summary>
    public void PublishStopEpoch(int worker, long epoch)
    {
        lock (_gate)
        {
            _stopEpochs[worker] = epoch;
            FixStopEpochOnceAllAnswered();
        }

        WakeAll();
    }

    /// <summary>Records that <paramref name="worker"/> has left its loop; a graceful stop no longer waits for it to publish.</summary>
    /// <remarks>
    /// In a flow without exchanges a worker whose inputs have ended finishes on its own while others still read; it
    /// must not hold up the stop epoch the others agree on.
    /// </remarks>
    public void Retire(int worker)
    {
        lock (_gate)
        {
            _retired[worker] = true;
            FixStopEpochOnceAllAnswered();
        }

        WakeAll();
    }

    /// <summary>Records that <paramref name="worker"/> has closed every epoch up to <paramref name="epoch"/>.</summary>
    public void ReportClosed(int worker, long epoch)
    {
        lock (_gate)
        {
            _closedEpochs[worker] = Math.Max(_closedEpochs[worker], epoch);
        }
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

    private void WakeAll()
    {
        foreach (var wake in _wake)
        {
            wake();
        }
    }
}
