using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Exchange;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Hosting;
using Orleans.Dataflow.Grains.Observability;
using Orleans.Dataflow.Grains.Recovery;

namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>A partition of an execution: the endpoint (placement, messages, lifecycle) of one worker that runs the flow's plan over this partition's keys on a thread of its own.</summary>
/// <remarks>
/// The operator loop is CPU-bound and runs for the whole execution, so it does not run in grain turns (it would hold
/// the activation and starve its messages); the grain takes batches into its <see cref="PartitionInbox"/> and the
/// frontier's decisions into its <see cref="PartitionControl"/>, both safe to use from the worker thread. Reentrant:
/// a delivery waits until the worker takes its batch, and nothing may wait behind it.
/// </remarks>
[Reentrant]
[PartitionPlacement]
internal sealed class PartitionGrain(DataflowExecutionCatalog catalog, LocalPartitions local, LocalInboxes inboxes, ILocalSiloDetails silo, ILogger<PartitionGrain> logger) : Grain, IPartitionGrain
{
    private readonly PartitionInbox _inbox = new();
    private PartitionControl? _control;
    private FrontierDecisions? _early;

    private static readonly TimeSpan _registrationWait = TimeSpan.FromSeconds(3);

    public Task Prepare(Flows.FlowDeployment deployment)
    {
        RequestContext.Clear();
        return catalog.LoadAsync(deployment);
    }

    public async Task<SiloAddress> Start(PartitionStart start)
    {
        if (_control is not null)
        {
            throw new InvalidOperationException($"partition {this.GetPrimaryKeyString()} is started already");
        }

        local.RemoveWaiting(_inbox);
        if (!_inbox.Claim())
        {
            // Unreachable to the frontier, which begins the attempt again on the silos that stay; as a silo that is gone,
            // not as a call that never got through, which the frontier would make again here.
            throw new SiloUnavailableException($"partition {this.GetPrimaryKeyString()} cannot start on silo {silo.SiloAddress}: the silo is stopping");
        }

        // What the frontier told placement is not for the worker's calls, which would otherwise carry it on every batch.
        RequestContext.Clear();
        var (executionId, attempt, attemptKey) = ParseKey(this.GetPrimaryKeyString());
        var entry = await catalog.GetAsync(executionId, _registrationWait);
        var siloName = silo.SiloAddress.ToString();
        if (start.Identity is { } expected && entry.Identity.DifferenceFrom(expected) is { } difference)
        {
            throw new InvalidOperationException($"partition {start.Index} cannot start on silo {siloName}: it loaded another execution than the frontier's silo: {difference}");
        }

        _control = new PartitionControl(attempt, start.Index, siloName, GrainFactory.GetGrain<IFrontierGrain>(executionId), entry, logger);
        _control.Watch(_inbox);
        if (_early is not null)
        {
            _control.Apply(_early);
        }

        var partitions = Enumerable.Range(0, start.PartitionCount)
            .Select(p => GrainFactory.GetGrain<IPartitionGrain>($"{attemptKey}/{p}"))
            .ToArray();
        var control = _control;
        var worker = new Thread(() => RunWorker(entry, start, partitions, control))
        {
            Name = $"dataflow {entry.Flow.Id} partition {start.Index}",
            IsBackground = true,
        };
        local.Add(control, worker);
        inboxes.Add(this.GetPrimaryKeyString(), _inbox);
        entry.OnWorkerStarting(control, $"partition {start.Index} of attempt {attempt} on silo {siloName}");
        worker.Start();
        entry.OnBegun();
        return silo.SiloAddress;
    }

    public Task Deliver(ExchangeBatch batch)
    {
        if (_control is null)
        {
            local.AddWaiting(_inbox);
        }

        return _inbox.Accept(batch);
    }

    public Task Apply(FrontierDecisions decisions)
    {
        if (_control is null)
        {
            _early = decisions;
        }
        else
        {
            _control.Apply(decisions);
        }

        return Task.CompletedTask;
    }

    public Task End()
    {
        _control?.Close();
        // An activation that never started (made by a batch sent after its silo was lost) has no worker to take what
        // was delivered to it: its senders get their credit back, and nothing waits on it for the call's hour.
        _inbox.Close();
        local.RemoveWaiting(_inbox);
        // The execution is over on every silo: a silo that loaded its code for its partitions (not the flow's own, whose
        // flow grain unloads it too) lets code and store go here, or it would keep them until it stops.
        catalog.Unload(ParseKey(this.GetPrimaryKeyString()).ExecutionId);
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        local.RemoveWaiting(_inbox);
        return Task.CompletedTask;
    }

    /// <summary>The execution, the attempt and <c>{execution}/{attempt}</c> of the partition keyed <paramref name="key"/> (<c>{execution}/{attempt}/{index}</c>; an execution id may hold <c>/</c>).</summary>
    private static (string ExecutionId, string Attempt, string AttemptKey) ParseKey(string key)
    {
        var attemptKey = key[..key.LastIndexOf('/')];
        var executionId = attemptKey[..attemptKey.LastIndexOf('/')];
        return (executionId, attemptKey[(executionId.Length + 1)..], attemptKey);
    }

    private void RunWorker(ExecutionEntry entry, PartitionStart start, IPartitionGrain[] partitions, PartitionControl control)
    {
        // Steps log the records they pass over through the silo's logging, unless the run brought a log of its own.
        var options = entry.Options.RecordLog is null
            ? entry.Options with { RecordLog = (ServiceProvider.GetService(typeof(Microsoft.Extensions.Logging.ILoggerFactory)) as Microsoft.Extensions.Logging.ILoggerFactory)?.CreateLogger("Orleans.Dataflow.Records") }
            : entry.Options;
        var index = start.Index;
        using var services = PartitionServices.Enter(ServiceProvider);
        try
        {
            // Each partition restores itself, where it runs, and only what it owns: no resume point travels through the
            // frontier, and no partition holds another's keys in memory.
            var resume = options.Recovery?.ReadResume(start.ResumeEpoch, OwnedSnapshots.Of(entry.Flow, index, options)) ?? ResumePoint.Fresh;
            var transport = new PartitionTransport(entry.Flow.Id, index, partitions, inboxes, _inbox, options.MaxBatchesInFlight, control.Fail, control.Lose);
            var plan = WorkerPlanBuilder.Build(entry.Flow, index, options, transport, resume, options.Recovery?.SinkFor(start.Execution));
            transport.Codecs = plan.Codecs;
            transport.ExchangeSteps = plan.ExchangeSteps;
            var worker = new Worker(index, plan, transport, control, options, resume.Epoch, start.EpochOrigin);
            control.Watch(new PartitionProbe(index, silo.SiloAddress.ToString(), resume.Epoch, plan, worker));
            using (PartitionMeters.Track(entry.Flow.Id, index, silo.SiloAddress.ToString(), plan, worker))
            {
                worker.Run();
            }
        }
        catch (Exception e)
        {
            control.Fail(e);
            control.Retire(index);
        }
        finally
        {
            inboxes.Remove(this.GetPrimaryKeyString());
            _inbox.Close();
            local.Remove(control);
            entry.OnWorkerLeft(control);
        }
    }
}
