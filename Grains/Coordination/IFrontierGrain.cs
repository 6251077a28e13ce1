using Orleans.Concurrency;
using Orleans.Dataflow.Grains.Partitions;

namespace Orleans.Dataflow.Grains.Coordination;

/// <summary>The one coordinator of an execution, keyed by execution id: partitions report closed epochs to it, and it decides commits, the graceful stop epoch, the first failure, recovery from a lost silo, and the end.</summary>
/// <remarks>
/// The execution's flow and options must be registered in the <see cref="Hosting.DataflowExecutionCatalog"/> of every
/// silo before <see cref="Start"/>, which the execution's flow grain calls, unless its code travelled with the deployment (every silo then loads it). Decisions go back to every partition as <see cref="FrontierDecisions"/>. An
/// execution runs as one attempt after another: a lost silo abandons the attempt, and with a recovery store the next
/// one resumes from the last committed epoch on the silos that remain.
/// </remarks>
public interface IFrontierGrain : IGrainWithStringKey
{
    /// <summary>Begins the execution on the recovery store, then starts its <paramref name="partitionCount"/> partition grains; returns true once all have started, false when this frontier had started already.</summary>
    /// <param name="partitionCount">The execution's partitions.</param>
    /// <param name="deployment">The deployment, when its code travelled with it (<see cref="Flows.FlowDefinition.Source"/>): the frontier's silo and every partition's silo load it; null when every silo registered the flow itself.</param>
    [ResponseTimeout(Hosting.GrainCallTimeouts.StartFrontier)]
    Task<bool> Start(int partitionCount, Flows.FlowDeployment? deployment = null);

    /// <summary>Applies what partition <paramref name="partition"/> of attempt <paramref name="attempt"/> reports, in the order it reported it, unless it applied that call's <paramref name="sequence"/> already, and returns the decisions so far.</summary>
    /// <remarks>
    /// Partitions also call it with nothing to report, as a heartbeat: decisions pushed to a partition can be lost with
    /// a silo's part of the grain directory, and the answer here reaches the partition all the same. A call unanswered
    /// within its timeout is made again with the same sequence number, for as long as the frontier's silo is in the
    /// cluster: the frontier may be busy (starting an attempt, it waits for code to load on other silos), or the call or
    /// its answer lost, and a partition that gave up on it would leave, unheard, and its execution would wait for its
    /// retirement forever (a CI run saw one stop reporting so). Whichever copy comes first is applied; later ones only
    /// count as heartbeats.
    /// </remarks>
    /// <param name="attempt">The partition's attempt.</param>
    /// <param name="partition">The partition's index.</param>
    /// <param name="sequence">The call's number among the partition's calls, from 1; a copy of a call carries its number.</param>
    /// <param name="reports">What happened, in order; empty for a heartbeat.</param>
    /// <param name="status">The partition's status as it sent the reports (final when they hold its retirement); null before its worker started.</param>
    /// <exception cref="InvalidOperationException">This frontier runs no such attempt (it was reactivated after its silo was lost): the partition must leave.</exception>
    [ResponseTimeout(Hosting.GrainCallTimeouts.Report)]
    Task<FrontierDecisions> Report(string attempt, int partition, long sequence, PartitionReport[] reports, PartitionStatus? status);

    /// <summary>Where the execution is: epochs, commits and each partition's silo, epoch and counts, as the partitions last reported them; null when this activation runs no execution (it was lost with its silo).</summary>
    /// <remarks>Answers at once, between other calls: it only reads what the reports left.</remarks>
    [AlwaysInterleave]
    [ResponseTimeout("00:00:05")]
    Task<ExecutionStatus?> Status();

    /// <summary>Asks every partition to stop gracefully after the current epoch.</summary>
    Task RequestStop();

    /// <summary>Sends the current decisions to every partition again (after a store failure, say, that no report carried).</summary>
    Task Refresh();

    /// <summary>Silo <paramref name="leaving"/>, where partitions of attempt <paramref name="attempt"/> run, is stopping gracefully: hand them over.</summary>
    /// <remarks>
    /// With a recovery store the attempt stops after the current epoch, which it commits, and the next attempt resumes
    /// at the epoch after it on the other silos: nothing is read twice. Returns false when the execution cannot hand
    /// over (no store, or not that attempt): the silo's partitions leave at once, and their loss is what follows.
    /// </remarks>
    Task<bool> HandOver(string attempt, SiloAddress leaving);

    /// <summary>The cluster's membership says <paramref name="silos"/> are gone or going: their partitions are lost.</summary>
    /// <remarks>The frontier calls it on itself from its watch of the membership, which a timed-out call would end: it waits as long as the frontier is busy.</remarks>
    [ResponseTimeout(Hosting.GrainCallTimeouts.UntilAnswered)]
    Task Lost(SiloAddress[] silos);

    /// <summary>The caller has the end: the frontier lets its activation go.</summary>
    Task Forget();

    /// <summary>Waits up to <paramref name="wait"/> (keep it under 5 s) for the execution to end; null when it is still running.</summary>
    /// <remarks>A short response timeout: a caller whose frontier died with its silo learns it within seconds and can resume the execution.</remarks>
    /// <exception cref="InvalidOperationException">This activation of the frontier was never started: the one that ran the execution was lost with its silo.</exception>
    [AlwaysInterleave]
    [ResponseTimeout("00:00:05")]
    Task<ExecutionEnd?> WaitForEnd(TimeSpan wait);
}
