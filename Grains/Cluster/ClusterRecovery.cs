using Orleans.Dataflow.Grains.Recovery;

namespace Orleans.Dataflow.Grains.Cluster;

/// <summary>What the processes of an execution agreed on about recovery: where it resumes, where this process's snapshots go, and whether it commits.</summary>
/// <param name="Resume">What every process resumes from: the same on all of them.</param>
/// <param name="Snapshots">Where this process's operators write their snapshots (the store itself, or a link to the process that keeps it); null without recovery.</param>
/// <param name="Store">The store this process records progress and commits to: set only on the process that keeps it.</param>
public sealed record ClusterRecovery(ResumePoint Resume, ISnapshotSink? Snapshots, IRecoveryStore? Store);
