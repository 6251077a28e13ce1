namespace Orleans.Dataflow.Grains.Recovery;

/// <summary>Commits epochs to the recovery store on a thread of its own, newest first, so a commit (and the collection it does) never stalls a worker.</summary>
/// <remarks>
/// The coordinator asks for a commit once every worker has closed an epoch; every snapshot of it is written by
/// then, so committing later is safe, and when several are pending only the newest is committed. A store failure
/// stops the run through <c>onFailure</c>. <see cref="Complete"/> commits what is still pending and waits, so a
/// run returns only once its last commit is durable.
/// </remarks>
internal sealed class BackgroundCommitter
{
    private readonly object _gate = new();
    private readonly IRecoveryStore _store;
    private readonly Action<Exception> _onFailure;
    private readonly Thread _thread;
    private long _requested;
    private long _committed;
    private bool _completing;
    private Exception? _failure;

    public BackgroundCommitter(IRecoveryStore store, string flowId, Action<Exception> onFailure)
    {
        _store = store;
        _onFailure = onFailure;
        _thread = new Thread(Run) { Name = $"dataflow {flowId} recovery commits", IsBackground = true };
        _thread.Start();
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
        return _failure;
    }

    private void Run()
    {
        while (true)
        {
            long target;
            lock (_gate)
            {
                while (_requested <= _committed && !_completing)
                {
                    Monitor.Wait(_gate);
                }

                if (_requested <= _committed)
                {
                    return;
                }

                target = _requested;
            }

            try
            {
                _store.Commit(target);
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
        }
    }
}
