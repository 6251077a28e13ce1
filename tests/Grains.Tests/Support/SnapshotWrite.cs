using Orleans.Dataflow.Grains.Recovery;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>One call of <see cref="ISnapshotSink.Write"/>.</summary>
internal sealed record SnapshotWrite(string StepId, int Worker, long Epoch, IReadOnlyList<StateSnapshot> Snapshots);
