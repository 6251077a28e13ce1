using System.Buffers;
using Orleans.Dataflow.Grains.Cluster;
using Orleans.Dataflow.Grains.Exchange;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;

namespace Orleans.Dataflow.Silo.Cluster;

/// <summary>This process's membership in a cluster of silos over TCP: one connection per pair of processes carries exchange batches, progress, coordination, snapshots and heartbeats.</summary>
/// <remarks>
/// <para>
/// <see cref="Join"/> connects to every other process (see <see cref="ClusterConnector"/>); then
/// <see cref="DataflowExecution.Run(Dataflow, ExecutionOptions, IClusterMembership, CancellationToken)"/> runs this
/// process's workers. Process 0 begins the execution on its recovery store and sends every other process the resume
/// point; the others send their snapshots back to it. Workers start once every process has built its plan.
/// </para>
/// <para>
/// Failure is fail-stop. A peer whose connection closes, fails, or stays silent for the failure timeout (heartbeats go
/// out when a connection is quiet) is lost: every waiting call throws and the execution gets a failure event naming
/// the process and why, which is also passed on to the remaining processes. Nothing is retried once the execution has
/// started. Only a peer that said goodbye before closing its connection (it ended its part, or is leaving after the
/// same failure or abort as everyone) is not lost: a process that dies after finishing its own work is still a loss.
/// </para>
/// </remarks>
public sealed class TcpCluster : IClusterMembership, IDisposable
{
    private static readonly TimeSpan _closeGrace = TimeSpan.FromSeconds(5);
    private readonly object _gate = new();
    private readonly ClusterOptions _options;
    private readonly ClusterIdentity _identity;
    private readonly PeerConnection?[] _connections;
    private readonly TcpWorkerTransport _transport;
    private readonly Timer _heartbeat;
    private readonly List<CoordinationEvent> _pendingEvents = [];
    private readonly bool[] _finished;
    private readonly bool[] _failed;
    private readonly bool[] _leaving;
    private ICoordinationReceiver? _receiver;
    private ClusterException? _failure;
    private (ResumePoint Resume, bool Recovery)? _resume;
    private ISnapshotSink? _remoteSnapshots;
    private int _ready;
    private bool _started;
    private bool _closing;

    private TcpCluster(ClusterOptions options, ClusterIdentity identity, PeerConnection?[] connections, int maxBatchesInFlight)
    {
        _options = options;
        _identity = identity;
        _connections = connections;
        _finished = new bool[connections.Length];
        _failed = new bool[connections.Length];
        _leaving = new bool[connections.Length];
        _transport = new TcpWorkerTransport(options.ProcessId, connections.Length, identity.WorkersPerProcess, maxBatchesInFlight, ConnectionTo);
        foreach (var connection in Peers)
        {
            connection.Start(OnFrame, OnClosed);
        }

        var beat = HeartbeatInterval(options.FailureTimeout);
        _heartbeat = new Timer(_ => Beat(), null, beat, beat);
    }

    /// <summary>Joins the cluster <paramref name="cluster"/> describes to run <paramref name="flow"/> with <paramref name="execution"/>: returns once every process is connected and runs the same thing.</summary>
    /// <param name="flow">The flow every process runs.</param>
    /// <param name="execution">This process's execution options; <see cref="ExecutionOptions.WorkerCount"/> workers in every process.</param>
    /// <param name="cluster">Who this process is and where the others are.</param>
    /// <param name="recovery">Whether the cluster runs with a recovery store (every process must say the same; process 0 keeps it).</param>
    /// <exception cref="ClusterException">A process did not connect within the startup timeout (the message names each missing one), runs another flow or other settings, or this process cannot listen on its address.</exception>
    public static TcpCluster Join(Dataflow flow, ExecutionOptions execution, ClusterOptions cluster, bool recovery)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(cluster);
        cluster.Validate();
        execution.Validate();
        var identity = ClusterIdentity.Of(flow, cluster.Addresses.Count, execution.WorkerCount, execution.EpochInterval, execution.KeyPartitionCount, recovery);
        var connections = ClusterConnector.Connect(cluster, identity);
        return new TcpCluster(cluster, identity, connections, execution.MaxBatchesInFlight);
    }

    /// <inheritdoc/>
    public int ProcessId => _options.ProcessId;

    /// <inheritdoc/>
    public int ProcessCount => _connections.Length;

    /// <inheritdoc/>
    public int FirstWorker => ProcessId * LocalWorkerCount;

    /// <inheritdoc/>
    public int LocalWorkerCount => _identity.WorkersPerProcess;

    /// <inheritdoc/>
    public IWorkerTransport Transport => _transport;

    /// <summary>Bytes this process has sent to the others so far (frames of every kind).</summary>
    public long BytesSent => Peers.Sum(c => c.BytesSent);

    /// <summary>Bytes this process has received from the others so far.</summary>
    public long BytesReceived => Peers.Sum(c => c.BytesReceived);

    private bool IsLeader => ProcessId == 0;

    private IEnumerable<PeerConnection> Peers => _connections.OfType<PeerConnection>();

    /// <inheritdoc/>
    public void Attach(ICoordinationReceiver receiver)
    {
        lock (_gate)
        {
            _receiver = receiver;
            foreach (var pending in _pendingEvents)
            {
                receiver.Receive(pending);
            }

            _pendingEvents.Clear();
        }
    }

    /// <inheritdoc/>
    public ClusterRecovery BeginRecovery(IRecoveryStore? store)
    {
        if (!IsLeader)
        {
            var (resume, recovery) = WaitFor(() => _resume, "the resume point of process 0", LeaderOnly);
            return new ClusterRecovery(resume, recovery ? new RemoteSnapshotSink(ConnectionTo(0)) : null, null);
        }

        if (_identity.Recovery != store is not null)
        {
            throw new ArgumentException(_identity.Recovery ? "the cluster was joined with recovery but process 0 has no recovery store" : "the cluster was joined without recovery but process 0 has a recovery store", nameof(store));
        }

        ResumePoint point;
        try
        {
            point = store?.BeginExecution(_transport.WorkerCount) ?? ResumePoint.Fresh;
        }
        catch (Exception e)
        {
            Publish(new CoordinationEvent(CoordinationEventKind.Failed, Message: $"its recovery store cannot be used: {e.Message}"));
            throw;
        }

        _remoteSnapshots = store;
        foreach (var peer in Peers)
        {
            peer.Send(FrameType.Resume, (point, store is not null), static (writer, state) => ResumePointFormat.Write(writer, state.point, state.Item2));
        }

        return new ClusterRecovery(point, store, store);
    }

    /// <inheritdoc/>
    public void AwaitStart()
    {
        if (IsLeader)
        {
            WaitFor(() => _ready == ProcessCount - 1 ? true : (bool?)null, "every process to build its plan", AnyPeer);
            foreach (var peer in Peers)
            {
                peer.Send(FrameType.Start);
            }

            return;
        }

        ConnectionTo(0).Send(FrameType.Ready);
        WaitFor(() => _started ? true : (bool?)null, "process 0 to start the workers", LeaderOnly);
    }

    /// <inheritdoc/>
    public void Publish(CoordinationEvent coordinationEvent) => Send(Peers, coordinationEvent);

    /// <inheritdoc/>
    public void Finish(bool together, Action commitLast)
    {
        if (!together)
        {
            // Everyone is leaving after the same failure or abort: say so, so closing the connections is not a loss.
            foreach (var peer in Peers)
            {
                peer.Send(FrameType.Finished);
            }

            commitLast();
            return;
        }

        if (IsLeader)
        {
            try
            {
                WaitFor(() => Enumerable.Range(1, ProcessCount - 1).All(p => _finished[p]) ? true : (bool?)null, "every process's last progress", AnyPeer);
            }
            finally
            {
                commitLast();
            }

            foreach (var peer in Peers)
            {
                peer.Send(FrameType.Finished);
            }

            return;
        }

        foreach (var peer in Peers)
        {
            peer.Send(FrameType.Finished);
        }

        WaitFor(() => _finished[0] ? true : (bool?)null, "process 0's last commit", LeaderOnly);
        commitLast();
    }

    /// <summary>Cuts every connection at once with a reset and fails this process's execution, as a crash would; for tests of what the other processes do.</summary>
    public void Kill()
    {
        lock (_gate)
        {
            _closing = true;
        }

        // Cut first: nothing this process does while its workers wind down may reach the others.
        _heartbeat.Dispose();
        foreach (var peer in Peers)
        {
            peer.Close(abort: true);
        }

        lock (_gate)
        {
            _failure ??= new ClusterException($"process {ProcessId} was killed");
            Deliver(new CoordinationEvent(CoordinationEventKind.Failed, Message: _failure.Message));
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Closes every connection after what was queued on it is sent, and waits a little for the peers to close theirs, so a last frame is never cut off.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _closing = true;
        }

        _heartbeat.Dispose();
        foreach (var peer in Peers)
        {
            peer.Send(FrameType.Goodbye);
            peer.Close();
        }

        var deadline = DateTime.UtcNow + _closeGrace;
        foreach (var peer in Peers)
        {
            peer.WaitClosed(deadline - DateTime.UtcNow);
        }

        _transport.Dispose();
    }

    /// <summary>Heartbeats go out several times within the failure timeout, at most once a second.</summary>
    private static TimeSpan HeartbeatInterval(TimeSpan failureTimeout)
        => TimeSpan.FromTicks(Math.Clamp(failureTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));

    private PeerConnection ConnectionTo(int processId) => _connections[processId] ?? throw new InvalidOperationException($"process {processId} is this process");

    private string Name(int processId) => $"process {processId} ({ClusterConnector.Describe(_options.Addresses[processId])})";

    private void OnFrame(PeerConnection from, FrameType type, ReadOnlySequence<byte> payload)
    {
        switch (type)
        {
            case FrameType.Data:
            case FrameType.Progress:
                _transport.Receive(type, payload);
                break;
            case FrameType.Ack:
                _transport.ReceiveAck(payload);
                break;
            case FrameType.Event:
                OnEvent(from.PeerId, payload);
                break;
            case FrameType.Snapshots:
                OnSnapshots(from.PeerId, payload);
                break;
            case FrameType.Resume:
                var resume = ResumePointFormat.Read(payload, $"the recovery store of {Name(0)}");
                Signal(() => _resume = resume);
                break;
            case FrameType.Ready:
                Signal(() => _ready++);
                break;
            case FrameType.Start:
                Signal(() => _started = true);
                break;
            case FrameType.Finished:
                Signal(() => _finished[from.PeerId] = true);
                break;
            case FrameType.Heartbeat:
                break;
            case FrameType.Goodbye:
                Signal(() => _leaving[from.PeerId] = true);
                break;
            default:
                throw new InvalidDataException($"unexpected {type} frame");
        }
    }

    private void OnEvent(int peer, ReadOnlySequence<byte> payload)
    {
        var e = CoordinationEventFormat.Read(payload);
        lock (_gate)
        {
            if (e.Kind == CoordinationEventKind.Failed)
            {
                _failed[peer] = true;
                e = e with { Message = $"{Name(peer)} failed: {e.Message}" };
                _failure ??= new ClusterException(e.Message!);
                Monitor.PulseAll(_gate);
            }

            Deliver(e);
        }
    }

    private void OnSnapshots(int peer, ReadOnlySequence<byte> payload)
    {
        var store = _remoteSnapshots ?? throw new InvalidDataException("snapshots reached a process that keeps no recovery store");
        var reader = new PayloadReader(payload);
        var stepId = reader.RequiredString();
        var worker = reader.Int32();
        var epoch = reader.Int64();
        var snapshots = new StateSnapshot[reader.Int32()];
        for (var i = 0; i < snapshots.Length; i++)
        {
            snapshots[i] = new StateSnapshot(reader.RequiredString(), reader.NullableBytes());
        }

        try
        {
            store.Write(stepId, worker, epoch, snapshots);
        }
        catch (Exception e)
        {
            var message = $"the recovery store failed to write the snapshots of step '{stepId}' from worker {worker} of {Name(peer)}: {e.Message}";
            lock (_gate)
            {
                Deliver(new CoordinationEvent(CoordinationEventKind.Failed, Message: message));
            }

            Publish(new CoordinationEvent(CoordinationEventKind.Failed, Message: message));
        }
    }

    private void OnClosed(PeerConnection connection, string? reason)
    {
        if (reason is not null)
        {
            Lose(connection.PeerId, reason);
        }
    }

    /// <summary>Makes the loss of <paramref name="peer"/> a failure of the execution, unless it had finished or already reported its own failure.</summary>
    private void Lose(int peer, string reason)
    {
        string message;
        lock (_gate)
        {
            if (_closing || _leaving[peer] || _failed[peer])
            {
                return;
            }

            _failed[peer] = true;
            message = $"lost {Name(peer)}: {reason}";
            _failure ??= new ClusterException($"{message}; every process stops, and the recovery store keeps its last committed epoch: start every process again to resume");
            Deliver(new CoordinationEvent(CoordinationEventKind.Failed, Message: _failure.Message));
            Monitor.PulseAll(_gate);
        }

        // The others may still be connected to it and not have noticed yet: tell them who was lost.
        Send(Peers.Where(c => c.PeerId != peer), new CoordinationEvent(CoordinationEventKind.Failed, Message: message));
    }

    /// <summary>Sends heartbeats on quiet connections and loses peers that have been silent for the failure timeout.</summary>
    private void Beat()
    {
        var interval = (long)HeartbeatInterval(_options.FailureTimeout).TotalMilliseconds;
        var timeout = (long)_options.FailureTimeout.TotalMilliseconds;
        foreach (var peer in Peers)
        {
            if (peer.IsClosed)
            {
                continue;
            }

            if (peer.QuietForMilliseconds >= interval)
            {
                peer.Send(FrameType.Heartbeat);
            }

            var silent = peer.SilentForMilliseconds;
            if (silent > timeout)
            {
                Lose(peer.PeerId, $"nothing heard from it for {silent / 1000.0:0.#} s (failure timeout {_options.FailureTimeout.TotalSeconds:0.#} s)");
                peer.Close(abort: true);
            }
        }
    }

    /// <summary>Hands an event to the execution, or keeps it until one is attached. Call under the gate, so events keep their order.</summary>
    private void Deliver(CoordinationEvent e)
    {
        if (_receiver is { } receiver)
        {
            receiver.Receive(e);
        }
        else
        {
            _pendingEvents.Add(e);
        }
    }

    private void Signal(Action change)
    {
        lock (_gate)
        {
            change();
            Monitor.PulseAll(_gate);
        }
    }

    private static void Send(IEnumerable<PeerConnection> peers, CoordinationEvent coordinationEvent)
    {
        foreach (var peer in peers)
        {
            peer.Send(FrameType.Event, coordinationEvent, CoordinationEventFormat.Write);
        }
    }

    private static bool LeaderOnly(int processId) => processId == 0;

    private static bool AnyPeer(int processId) => true;

    /// <summary>Waits until <paramref name="ready"/> gives a value; throws the cluster's failure if one comes first, or if a process it depends on (<paramref name="dependsOn"/>) leaves.</summary>
    /// <remarks>Before throwing it tells the others why, so a process waiting on this one names the cause, not just its leaving.</remarks>
    private T WaitFor<T>(Func<T?> ready, string what, Func<int, bool> dependsOn)
        where T : struct
    {
        ClusterException stopped;
        lock (_gate)
        {
            while (true)
            {
                if (_failure is { } failure)
                {
                    stopped = new ClusterException($"process {ProcessId} stopped while waiting for {what}: {failure.Message}", failure);
                    break;
                }

                if (ready() is { } value)
                {
                    return value;
                }

                var left = Enumerable.Range(0, ProcessCount).FirstOrDefault(p => _leaving[p] && dependsOn(p), -1);
                if (left >= 0)
                {
                    stopped = new ClusterException($"{Name(left)} left while process {ProcessId} was waiting for {what}");
                    break;
                }

                Monitor.Wait(_gate);
            }
        }

        Publish(new CoordinationEvent(CoordinationEventKind.Failed, Message: stopped.Message));
        throw stopped;
    }
}
