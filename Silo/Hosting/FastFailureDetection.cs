using Orleans.Configuration;

namespace Orleans.Dataflow.Silo.Hosting;

/// <summary>The membership and grain directory settings under which a silo that dies or freezes is declared dead within about a failure timeout, and the flows it ran are running again on the others seconds later.</summary>
public static class FastFailureDetection
{
    /// <summary>The failure timeout of a <c>serve</c> silo, and the default of <c>run --failure-timeout</c>.</summary>
    public static readonly TimeSpan DefaultFailureTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Probes every third of <paramref name="failureTimeout"/>, declares a silo dead after three missed probes and one vote, and uses the distributed grain directory without its dead-silo lease.</summary>
    public static ISiloBuilder UseFastFailureDetection(this ISiloBuilder builder, TimeSpan failureTimeout)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = failureTimeout / 3;
            options.NumMissedProbesLimit = 3;
            options.NumVotesForDeathDeclaration = 1;
            options.IAmAliveTablePublishTimeout = failureTimeout;
            options.TableRefreshTimeout = failureTimeout;
        });

        // The default grain directory forgets the activations a dead silo's part of it knew of, and a grain looked up
        // again is activated a second time: a frontier or partition would have a twin that its peers talk to. The
        // distributed directory recovers those entries from the silos that remain.
#pragma warning disable ORLEANSEXP003
        builder.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003

        // After a silo is declared dead the directory would refuse new activations in the ranges it owned for 30 s
        // less the detection time, in case it still runs: a new attempt's partitions hashed there could not start,
        // and recovery took 10 s or more. A twin here is harmless: a silo that still runs is fenced out by the store
        // (an abandoned attempt's snapshots, progress and commits carry an execution number it has replaced) and by
        // the attempt id in every partition's key.
        builder.Configure<GrainDirectoryOptions>(options => options.RangeLeaseDuration = TimeSpan.Zero);
        return builder;
    }
}
