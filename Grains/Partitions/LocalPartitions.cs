using System.Collections.Concurrent;

namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>The partition workers running on this silo: when the silo stops gracefully they are handed over to the other silos after an epoch; what cannot be handed over in time leaves without a word, and the frontier recovers it elsewhere. Partitions that never started here give back what was delivered to them.</summary>
/// <remarks>
/// A partition's worker thread is not an Orleans activation, so the silo would not stop it; a stopping silo that
/// left them running would keep writing snapshots for an execution the frontier has moved on from. The hand-over
/// runs first in the silo's shutdown (the <see cref="ServiceLifecycleStage.Active"/> stage), while grain calls still
/// work, and waits as long as the host's shutdown timeout allows.
/// </remarks>
internal sealed class LocalPartitions(ILocalSiloDetails silo) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan _leaveWait = TimeSpan.FromSeconds(5);

    /// <summary>How long the frontiers may take to answer a hand-over: a frontier that does not answer in time gets the partitions' loss instead.</summary>
    private static readonly TimeSpan _handOverAnswerWait = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<PartitionControl, Thread> _running = new();
    private readonly ConcurrentDictionary<PartitionInbox, byte> _waiting = new();
    private bool _stopping;

    /// <summary>Registers a partition's worker, running on <paramref name="thread"/>.</summary>
    public void Add(PartitionControl control, Thread thread) => _running[control] = thread;

    /// <summary>Forgets a partition whose worker has left.</summary>
    public void Remove(PartitionControl control) => _running.TryRemove(control, out _);

    /// <summary>Notes that <paramref name="inbox"/> holds batches for a partition that has not started on this silo: if the silo stops first, it is closed.</summary>
    /// <remarks>
    /// A batch sent to a partition whose silo was lost makes a new activation of it on another silo, which never
    /// starts (the execution fails, or recovers in a new attempt). Its delivery waited there until the grain was
    /// deactivated, which waits for the delivery: the silo's shutdown then took the host's whole shutdown timeout.
    /// </remarks>
    public void AddWaiting(PartitionInbox inbox)
    {
        _waiting.TryAdd(inbox, 0);
        if (Volatile.Read(ref _stopping))
        {
            // Made by a batch that came after the silo began to stop: nothing will start it here.
            inbox.CloseUnlessClaimed();
        }
    }

    /// <summary>How many partitions that never started on this silo hold deliveries now.</summary>
    public int WaitingCount => _waiting.Count;

    /// <summary>Forgets <paramref name="inbox"/>: its partition started, ended or was deactivated.</summary>
    public void RemoveWaiting(PartitionInbox inbox) => _waiting.TryRemove(inbox, out _);

    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe(nameof(LocalPartitions), ServiceLifecycleStage.Active, _ => Task.CompletedTask, HandOverAll);

    /// <summary>Hands every partition of this silo over, waiting for their workers until <paramref name="shutdownExpired"/>; then makes those still running leave.</summary>
    private async Task HandOverAll(CancellationToken shutdownExpired)
    {
        Volatile.Write(ref _stopping, true);
        foreach (var inbox in _waiting.Keys)
        {
            inbox.CloseUnlessClaimed();
        }

        var running = _running.ToArray();
        var answers = running.Select(r => r.Key.HandOver(silo.SiloAddress)).ToArray();
        using (var answerWait = CancellationTokenSource.CreateLinkedTokenSource(shutdownExpired))
        {
            answerWait.CancelAfter(_handOverAnswerWait);
            await Task.WhenAny(Task.WhenAll(answers), Task.Delay(Timeout.Infinite, answerWait.Token)).ConfigureAwait(false);
        }

        for (var i = 0; i < running.Length; i++)
        {
            if (!answers[i].IsCompletedSuccessfully || !answers[i].Result)
            {
                running[i].Key.Abandon();
            }
        }

        while (!shutdownExpired.IsCancellationRequested && running.Any(r => r.Value.IsAlive))
        {
            await Task.Delay(20, CancellationToken.None);
        }

        await Task.Run(() => AbandonAll(running));
    }

    /// <summary>Makes the partitions of <paramref name="running"/> leave, and waits a while for their threads.</summary>
    private static void AbandonAll(KeyValuePair<PartitionControl, Thread>[] running)
    {
        foreach (var (control, thread) in running)
        {
            if (thread.IsAlive)
            {
                control.Abandon();
            }
        }

        var deadline = DateTime.UtcNow + _leaveWait;
        foreach (var (_, thread) in running)
        {
            var left = deadline - DateTime.UtcNow;
            thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
    }
}
