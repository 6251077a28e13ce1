using System.Collections.Concurrent;
using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.Grains.Hosting;

/// <summary>One execution as this silo knows it: the flow, its options, and the first failure raised here.</summary>
public sealed class ExecutionEntry
{
    private Exception? _localFailure;

    private readonly Lazy<ExecutionIdentity> _identity;
    private readonly TaskCompletionSource _begun = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Coordination.ExecutionEnd> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<object, string> _running = new();

    internal ExecutionEntry(string executionId, Dataflow flow, ExecutionOptions options, bool shared)
    {
        ExecutionId = executionId;
        Flow = flow;
        Options = options;
        Shared = shared;
        _identity = new Lazy<ExecutionIdentity>(() => ExecutionIdentity.Of(this));
    }

    /// <summary>Whether processes that loaded the flow each on their own run this execution together (<c>run -i/-a</c>): its partitions check that every silo loaded the same.</summary>
    public bool Shared { get; }

    /// <summary>The execution as this silo loaded it, to compare with other silos'.</summary>
    public ExecutionIdentity Identity => _identity.Value;

    /// <summary>The execution's id: its frontier grain's key.</summary>
    public string ExecutionId { get; }

    /// <summary>The flow the execution runs.</summary>
    public Dataflow Flow { get; }

    /// <summary>The execution's options; <see cref="ExecutionOptions.Recovery"/> is the store this silo's partitions write to.</summary>
    public ExecutionOptions Options { get; }

    /// <summary>The first exception a partition on this silo failed with, as thrown (with its original inner exception); null if none.</summary>
    public Exception? LocalFailure => Volatile.Read(ref _localFailure);

    /// <summary>Completes when the execution has begun: a partition of it started on this silo, or its frontier said that every partition started.</summary>
    public Task Begun => _begun.Task;

    /// <summary>Completes with the execution's end when its frontier, on another silo, said it ended (<see cref="Coordination.IExecutionNoticeGrain"/>).</summary>
    public Task<Coordination.ExecutionEnd> Ended => _ended.Task;

    /// <summary>Notes that the execution has begun: a partition of it started on this silo, or its frontier said it began.</summary>
    internal void OnBegun() => _begun.TrySetResult();

    /// <summary>Notes that the execution's frontier said it ended with <paramref name="end"/>.</summary>
    internal void OnEnded(Coordination.ExecutionEnd end) => _ended.TrySetResult(end);

    /// <summary>Notes that the worker of the partition <paramref name="partition"/> stands for, <paramref name="name"/> in messages, is about to run in this process.</summary>
    internal void OnWorkerStarting(object partition, string name) => _running[partition] = name;

    /// <summary>Notes that the worker of <paramref name="partition"/> has left: its thread ends without touching the execution again.</summary>
    internal void OnWorkerLeft(object partition) => _running.TryRemove(partition, out _);

    /// <summary>The workers of the execution still running in this process, by name, after waiting up to <paramref name="wait"/> for them to leave.</summary>
    /// <remarks>
    /// Every worker leaves by itself once the execution has ended (its frontier tells it, or the silo it ran on
    /// stops): one still running then is stuck, in user code or ours, and keeps its thread, its state and its sinks
    /// for as long as the process lives.
    /// </remarks>
    internal IReadOnlyList<string> WorkersLeftRunning(TimeSpan wait)
    {
        SpinWait.SpinUntil(() => _running.IsEmpty, wait);
        return [.. _running.Values.Order(StringComparer.Ordinal)];
    }

    /// <summary>Keeps <paramref name="error"/> unless a failure was kept already.</summary>
    internal void RecordFailure(Exception error) => Interlocked.CompareExchange(ref _localFailure, error, null);
}
