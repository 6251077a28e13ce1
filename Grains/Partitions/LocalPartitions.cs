using System.Collections.Concurrent;

namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>The partition workers running on this silo: when the silo stops, gracefully or killed, they leave at once without a word, and the frontier recovers their partitions elsewhere.</summary>
/// <remarks>
/// A partition's worker thread is not an Orleans activation, so the silo would not stop it; a stopping silo that
/// left them running would keep writing snapshots for an execution the frontier has moved on from.
/// </remarks>
internal sealed class LocalPartitions : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan _leaveWait = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<PartitionControl, Thread> _running = new();

    /// <summary>Registers a partition's worker, running on <paramref name="thread"/>.</summary>
    public void Add(PartitionControl control, Thread thread) => _running[control] = thread;

    /// <summary>Forgets a partition whose worker has left.</summary>
    public void Remove(PartitionControl control) => _running.TryRemove(control, out _);

    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe(nameof(LocalPartitions), ServiceLifecycleStage.Active, _ => Task.CompletedTask, _ => Task.Run(AbandonAll));

    /// <summary>Makes every partition of this silo leave, and waits a while for their threads.</summary>
    private void AbandonAll()
    {
        var running = _running.ToArray();
        foreach (var (control, _) in running)
        {
            control.Abandon();
        }

        var deadline = DateTime.UtcNow + _leaveWait;
        foreach (var (_, thread) in running)
        {
            var left = deadline - DateTime.UtcNow;
            thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
    }
}
