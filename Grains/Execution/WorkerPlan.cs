using Orleans.Dataflow.Grains.Batching;
using Orleans.Dataflow.Grains.Exchange;
using Orleans.Dataflow.Grains.Operators;
using Orleans.Dataflow.Grains.Recovery;

namespace Orleans.Dataflow.Grains.Execution;

/// <summary>The physical operators of one worker, grouped by what the worker loop does with them.</summary>
internal sealed class WorkerPlan
{
    /// <summary>Every operator, in plan order.</summary>
    public List<Operator> Operators { get; } = [];

    /// <summary>The inputs, polled by the worker loop.</summary>
    public List<IInputDriver> Inputs { get; } = [];

    /// <summary>Operators with notifications that fire without data.</summary>
    public List<ITimedOperator> Timed { get; } = [];

    /// <summary>What to run on the worker thread before the loop: open partitions and sink writers.</summary>
    public List<Action> Openers { get; } = [];

    /// <summary>Operators the worker tells, after each commit, which epoch is committed.</summary>
    public List<IEpochCommitListener> CommitListeners { get; } = [];

    /// <summary>The sending ends of exchanges, in plan order, which hold records back for fuller batches.</summary>
    public List<IPendingBatches> Pending { get; } = [];

    /// <summary>The operators and exchange ends that reuse batch buffers, which the worker has drop their records before it waits.</summary>
    public List<IReusedBuffers> Reused { get; } = [];

    /// <summary>The receiving ends of exchanges, by exchange id.</summary>
    public Dictionary<int, IExchangeInbox> Inboxes { get; } = [];

    /// <summary>The step each exchange leads into, by exchange id, for errors about its batches.</summary>
    public Dictionary<int, string> ExchangeSteps { get; } = [];

    /// <summary>The counts of inputs, outputs and stateful steps, in plan order, read for status and never on the worker's path.</summary>
    public List<StepCounter> Counters { get; } = [];

    /// <summary>The records every step received and emitted, in plan order, read for metrics and never on the worker's path.</summary>
    public List<StepTraffic> Traffic { get; } = [];

    /// <summary>The flow the plan runs, for the worker's measurements.</summary>
    public string FlowId { get; init; } = string.Empty;

    /// <summary>Where this worker's operators hand their snapshots to be written off its thread; null without recovery.</summary>
    public SnapshotHandoff? Snapshots { get; set; }

    /// <summary>The record codecs of exchanges, by exchange id, for transports that leave the process.</summary>
    public Dictionary<int, IExchangeCodec> Codecs { get; } = [];
}
