using Orleans.Dataflow.Grains.Batching;
using Orleans.Dataflow.Grains.Exchange;
using Orleans.Dataflow.Grains.Operators;
using Orleans.Dataflow.Grains.Operators.Branch;
using Orleans.Dataflow.Grains.Operators.Combine;
using Orleans.Dataflow.Grains.Operators.Input;
using Orleans.Dataflow.Grains.Operators.Merge;
using Orleans.Dataflow.Grains.Operators.Output;
using Orleans.Dataflow.Grains.Operators.Stateful;
using Orleans.Dataflow.Grains.Operators.Unary;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Plan;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Grains.Execution;

/// <summary>Compiles a flow's logical steps into the physical operators of one worker, wiring fused edges and exchanges.</summary>
/// <remarks>
/// Every worker compiles the same plan in the same order, so exchange ids agree across workers. With one worker
/// an exchange is a plain edge. Keyed steps route by <c>stable hash(key) % key partitions</c>, and key partition
/// <c>p</c> is owned by worker <c>p % workers</c>.
/// </remarks>
internal sealed class WorkerPlanBuilder : IStepVisitor
{
    private readonly Dataflow _flow;
    private readonly int _worker;
    private readonly int _workers;
    private readonly ExecutionOptions _options;
    private readonly IWorkerTransport _transport;
    private readonly ResumePoint _resume;
    private readonly ISnapshotSink? _snapshots;
    private readonly Dictionary<(Step Step, int Port), object> _ports = [];
    private readonly KeyOwners _keyOwners;
    private readonly WorkerPlan _plan;
    private readonly List<Func<long>> _received = [];
    private int _nextExchangeId;

    /// <summary>The operator name of a window's steps, whose <see cref="LateSuffix"/> step is its late stream.</summary>
    private const string WindowOperator = "window";

    private const string LateSuffix = ".late";

    private WorkerPlanBuilder(Dataflow flow, int worker, ExecutionOptions options, IWorkerTransport transport, ResumePoint resume, ISnapshotSink? snapshots)
    {
        _flow = flow;
        _worker = worker;
        _workers = transport.WorkerCount;
        _options = options;
        _transport = transport;
        _resume = resume;
        _plan = new WorkerPlan { FlowId = flow.Id };
        // One handoff per worker: its writes stay in the order its operators closed their epochs.
        _snapshots = _plan.Snapshots = snapshots is null ? null : new SnapshotHandoff(snapshots);
        _keyOwners = new KeyOwners(options.KeyPartitionCount, _workers);
    }

    /// <summary>Compiles worker <paramref name="worker"/>'s plan, resuming from <paramref name="resume"/> and snapshotting to <paramref name="snapshots"/> (null: no recovery).</summary>
    public static WorkerPlan Build(Dataflow flow, int worker, ExecutionOptions options, IWorkerTransport transport, ResumePoint resume, ISnapshotSink? snapshots)
    {
        var builder = new WorkerPlanBuilder(flow, worker, options, transport, resume, snapshots);
        foreach (var step in flow.Steps)
        {
            step.Accept(builder);
        }

        return builder._plan;
    }

    public void VisitInput<T>(InputStep<T> step)
    {
        var context = ContextOf(step);
        var op = new InputOperator<T>(context, () => OpenPartitions(step));
        _received.Add(() => op.ItemsRead);
        Add(step, op, (0, op.Output));
        _plan.Inputs.Add(op);
        _plan.Openers.Add(op.Open);
        _plan.Counters.Add(new StepCounter(step.Id, StepCountKind.Read, () => op.ItemsRead));
    }

    public void VisitOutput<T>(OutputStep<T> step)
    {
        var context = ContextOf(step);
        switch (step.Sink)
        {
            case IDynamicSink<T> dynamic:
            {
                var op = new OutputOperator<T>(context, () => dynamic.Build(step.Id, _worker, _workers));
                Connect<T>(step.Inputs[0], op, op, 0);
                Add(step, op, () => op.ItemsWritten, null, []);
                _plan.Openers.Add(op.Open);
                _plan.Counters.Add(new StepCounter(step.Id, StepCountKind.Written, () => op.ItemsWritten));
                break;
            }

            case IPartitionedSinkVisitable visitable:
                visitable.Accept(new PartitionedSinkCompiler(this, step, context));
                break;

            default:
                throw new InvalidDataflowException(_flow.Id, step.Id, $"step '{step.Id}' has a sink of unknown kind {step.Sink.GetType().Name}");
        }
    }

    public void VisitUnary<TIn, TOut>(UnaryStep<TIn, TOut> step)
    {
        var context = ContextOf(step);
        var op = new UnaryOperator<TIn, TOut>(context, step.LogicFactory(context.Step));
        Connect<TIn>(step.Inputs[0], op, op, 0);
        Add(step, op, (0, op.Output));
    }

    public void VisitBranch<T>(BranchStep<T> step)
    {
        var op = new BranchOperator<T>(ContextOf(step), step.Predicate);
        Connect<T>(step.Inputs[0], op, op, 0);
        Add(step, op, (0, op.Trues), (1, op.Falses));
    }

    public void VisitMerge<T>(MergeStep<T> step)
    {
        var op = new MergeOperator<T>(ContextOf(step), step.Inputs.Count);
        for (var port = 0; port < step.Inputs.Count; port++)
        {
            Connect<T>(step.Inputs[port], op, op, port);
        }

        Add(step, op, (0, op.Output));
    }

    public void VisitRedistribute<T>(RedistributeStep<T> step)
    {
        var op = new MergeOperator<T>(ContextOf(step), _workers == 1 ? 1 : _workers);
        var next = _worker;
        ConnectExchanged(step.Inputs[0], new FunctionRoute<T>(_ => next = (next + 1) % _workers), op, op, op.Context, new ExchangeCodec<T>(Serde.For<T>()));
        Add(step, op, (0, op.Output));
    }

    public void VisitStateful<TValue, TOut, TSlot, TState>(StatefulStep<TValue, TOut, TSlot, TState> step)
    {
        var op = new StatefulOperator<TValue, TOut, TSlot, TState>(ContextOf(step), _workers, step, key => OwnerOf(key) == _worker);
        var route = new KeyRoute<TValue>(_keyOwners, op.Context);
        // A stream watermark is measured on the values the step's upstream sends, which merging would hide: such a step is not pre-combined.
        if (step.PreCombine is { } combine && _workers > 1 && step.StreamTimestampOf is null)
        {
            // Merged per epoch before the exchange, in the stateful step's context: errors and the plan name that step.
            var merge = new PreCombineOperator<TValue>(op.Context, combine);
            Connect<(string Key, TValue Value)>(step.Inputs[0], merge, merge, 0);
            // The step's records in are the merged ones that reach it through the exchange, not what its upstream sent.
            _received.Clear();
            _plan.Operators.Add(merge);
            ConnectExchanged(merge.Output, route, op, op, op.Context, KeyedCodec<TValue>());
        }
        else
        {
            ConnectExchanged(step.Inputs[0], route, op, op, op.Context, KeyedCodec<TValue>(),
                step.StreamTimestampOf is { } timestampOf ? (next, progress) => Metered(timestampOf, step.StreamWatermarkWait, next, progress) : null);
        }

        Add(step, op, null, () => op.SnapshotBytes, [.. op.Outputs.Select((port, output) => (output, (object)port))]);
        _plan.Timed.Add(op);
        _plan.Openers.Add(op.Restore);
        _plan.Counters.Add(new StepCounter(step.Id, StepCountKind.Keys, () => op.KeyCount));
    }

    /// <summary>A meter in front of <paramref name="next"/> that carries this worker's stream watermark with its progress.</summary>
    private static (IBatchReceiver<(string Key, TValue Value)>, IProgressReceiver) Metered<TValue>(Func<TValue, DateTimeOffset> timestampOf, TimeSpan wait,
        IBatchReceiver<(string Key, TValue Value)> next, IWatermarkReceiver progress)
    {
        var meter = new StreamWatermarkMeter<TValue>(timestampOf, wait, next, progress);
        return (meter, meter);
    }

    /// <summary>The worker that owns <paramref name="key"/>: the owner of its key partition. Resumed state goes there too, whatever the worker count before.</summary>
    private int OwnerOf(string key) => _keyOwners.OwnerOf(key);

    private OperatorContext ContextOf(Step step)
        => new(new StepContext(_flow.Id, step.Id, _worker, _workers) { Clock = _options.Clock }, _options, _resume, _snapshots) { Errors = step.ErrorPolicy ?? _flow.ErrorPolicy };

    /// <summary>Adds <paramref name="op"/> to the plan with its outputs and counts: records in are what the connections made since the last step counted, records out what its ports send.</summary>
    private void Add(Step step, Operator op, params (int Port, object Output)[] outputs) => Add(step, op, null, null, outputs);

    /// <summary>As <see cref="Add(Step, Operator, ValueTuple{int, object}[])"/>, with the step's records out read by <paramref name="recordsOut"/> instead of its ports, and its snapshot bytes by <paramref name="snapshotBytes"/>.</summary>
    private void Add(Step step, Operator op, Func<long>? recordsOut, Func<long>? snapshotBytes, (int Port, object Output)[] outputs)
    {
        _plan.Operators.Add(op);
        if (op is IReusedBuffers reused)
        {
            _plan.Reused.Add(reused);
        }

        var received = _received.ToArray();
        _received.Clear();
        var sent = outputs.Select(output => (ISentCount)output.Output).ToArray();
        _plan.Traffic.Add(new StepTraffic(step.Id, () => Sum(received), recordsOut ?? (() => sent.Sum(port => port.Sent)),
            step.Operator == WindowOperator && step.Id.EndsWith(LateSuffix, StringComparison.Ordinal), snapshotBytes));
        if (op.Context.Errors.Kind != ErrorPolicyKind.Fail)
        {
            _plan.Counters.Add(new StepCounter(step.Id, StepCountKind.Skipped, () => op.ItemsSkipped));
        }

        foreach (var (port, output) in outputs)
        {
            _ports[(step, port)] = output;
        }
    }

    private static long Sum(Func<long>[] counts)
    {
        var sum = 0L;
        foreach (var count in counts)
        {
            sum += count();
        }

        return sum;
    }

    private void Connect<T>(DataflowStream upstream, IBatchReceiver<T> receiver, IProgressReceiver progress, int channel)
    {
        var port = PortOf<T>(upstream);
        port.Connect(receiver, progress, channel);
        _received.Add(() => port.Sent);
    }

    /// <summary>The output port that <paramref name="upstream"/> is; a stream of an output its step does not have is an error naming the step.</summary>
    private OutputPort<T> PortOf<T>(DataflowStream upstream)
        => _ports.TryGetValue((upstream.Producer, upstream.Port), out var port)
            ? (OutputPort<T>)port
            : throw new InvalidDataflowException(_flow.Id, upstream.Producer.Id, $"a stream reads output {upstream.Port} of step '{upstream.Producer.Id}', which has no such output");

    /// <summary>The codec of an exchange of keyed records: the pair's wire format, with keys read back as the strings the receiver already holds.</summary>
    private static KeyedExchangeCodec<TValue> KeyedCodec<TValue>() => new(Serde.For<string>(), Serde.For<TValue>());

    /// <summary>Connects through an exchange: the operator behind it has one channel per worker.</summary>
    private void ConnectExchanged<T, TRoute>(DataflowStream upstream, TRoute route, IBatchReceiver<T> receiver, IProgressReceiver progress, OperatorContext into, IExchangeCodec codec,
        Func<IBatchReceiver<T>, IWatermarkReceiver, (IBatchReceiver<T>, IProgressReceiver)>? front = null)
        where TRoute : struct, IExchangeRoute<T>
        => ConnectExchanged(PortOf<T>(upstream), route, receiver, progress, into, codec, front);

    /// <summary>Connects <paramref name="from"/> through an exchange whose records cross processes through <paramref name="codec"/>: the operator behind it has one channel per worker.</summary>
    /// <remarks><paramref name="front"/>, when given, puts a receiver between <paramref name="from"/> and the exchange (a stream watermark's meter), which then needs a receiver of watermarks.</remarks>
    private void ConnectExchanged<T, TRoute>(OutputPort<T> from, TRoute route, IBatchReceiver<T> receiver, IProgressReceiver progress, OperatorContext into, IExchangeCodec codec,
        Func<IBatchReceiver<T>, IWatermarkReceiver, (IBatchReceiver<T>, IProgressReceiver)>? front = null)
        where TRoute : struct, IExchangeRoute<T>
    {
        var id = _nextExchangeId++;
        if (_workers == 1)
        {
            var (batches, closes) = front?.Invoke(receiver, (IWatermarkReceiver)progress) ?? (receiver, progress);
            from.Connect(batches, closes, 0);
            _received.Add(() => from.Sent);
            return;
        }

        var counting = new CountingReceiver<T>(receiver);
        receiver = counting;
        _received.Add(() => counting.Received);
        var sender = new ExchangeSender<T, TRoute>(id, into, route, _transport, receiver, progress, _options.ExchangeBatchSize);
        var (sent, senderCloses) = front?.Invoke(sender, sender) ?? (sender, sender);
        if (sent is DirectEmitter<T> direct)
        {
            from.ConnectDirect(direct, senderCloses);
        }
        else
        {
            from.Connect(sent, senderCloses, 0);
        }

        _plan.Pending.Add(sender);
        _plan.Reused.Add(sender);
        _plan.Inboxes[id] = new ExchangeInbox<T>(receiver, progress);
        _plan.Codecs[id] = codec;
        _plan.ExchangeSteps[id] = into.StepId;
    }

    private IReadOnlyList<(string Name, Func<IPartitionReader<T>> Open)> OpenPartitions<T>(InputStep<T> step) => step.Source switch
    {
        IPartitionedSource<T> partitioned => AssignedParts(ListParts(step, partitioned))
            .Select(name => (name, (Func<IPartitionReader<T>>)(() => partitioned.BuildPart(step.Id, name, _resume.StateOf(step.Id, name)))))
            .ToList(),
        IDynamicSource<T> dynamic => [($"worker-{_worker}", () => dynamic.Build(step.Id, _worker, _workers))],
        _ => throw new InvalidDataflowException(_flow.Id, step.Id, $"step '{step.Id}' has a source of unknown kind {step.Source.GetType().Name}"),
    };

    /// <summary>The partitions <paramref name="source"/> lists; an error listing them (a missing input file) fails the run before any sink is opened.</summary>
    private IReadOnlyList<string> ListParts<T>(InputStep<T> step, IPartitionedSource<T> source)
    {
        try
        {
            return source.ListParts();
        }
        catch (Exception e)
        {
            throw new DataflowException(_flow.Id, step.Id, _worker, null, e, "listing the partitions of its source");
        }
    }

    /// <summary>The partitions this worker reads: the sorted distinct names, dealt round-robin over workers.</summary>
    private IEnumerable<string> AssignedParts(IReadOnlyList<string> parts)
        => SortedParts(parts).Where((_, index) => index % _workers == _worker);

    private static List<string> SortedParts(IReadOnlyList<string> parts)
        => parts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>Builds the operator of a partitioned sink once its value type is known.</summary>
    private sealed class PartitionedSinkCompiler(WorkerPlanBuilder builder, Step step, OperatorContext context) : IPartitionedSinkVisitor
    {
        public void Visit<TValue>(IPartitionedSink<TValue> sink)
        {
            var parts = SortedParts(sink.ListParts());
            if (parts.Count == 0)
            {
                throw new InvalidDataflowException(builder._flow.Id, step.Id, $"the sink of step '{step.Id}' has no partitions");
            }

            var workers = builder._workers;
            var op = new PartitionedOutputOperator<TValue>(context, workers, sink, parts, part => part % workers == builder._worker);
            builder.ConnectExchanged<(string Key, TValue Value), FunctionRoute<(string Key, TValue Value)>>(step.Inputs[0], new(WorkerOf), op, op, context, KeyedCodec<TValue>());
            builder.Add(step, op, () => op.ItemsWritten, null, []);
            builder._plan.Openers.Add(op.Open);

            // The sink's own code picks the partition, on the worker that sends the record: its error is the sink step's, naming the record.
            int WorkerOf((string Key, TValue Value) item)
            {
                try
                {
                    return PartitionedOutputOperator<TValue>.PartitionOf(sink, parts.Count, item.Key) % workers;
                }
                catch (Exception e)
                {
                    throw new DataflowException(context.FlowId, context.StepId, context.WorkerIndex, Operator.Render(item), e, "picking the partition of a record");
                }
            }
            builder._plan.CommitListeners.Add(op);
            builder._plan.Counters.Add(new StepCounter(step.Id, StepCountKind.Written, () => op.ItemsWritten));
        }
    }
}
