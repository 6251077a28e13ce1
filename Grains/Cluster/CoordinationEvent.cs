namespace Orleans.Dataflow.Grains.Cluster;

/// <summary>One thing a process tells every other process of a cluster execution so that all agree on failures, stops and closed epochs.</summary>
/// <remarks>
/// Every process keeps the whole execution's coordination state and applies every process's events to it; the
/// events only grow that state (a first failure, a closed epoch that never goes back), so all processes reach the
/// same decisions. Events from one worker arrive in the order it published them, after the exchange data and
/// snapshots it sent before.
/// </remarks>
/// <param name="Kind">What happened.</param>
/// <param name="Worker">The global index of the worker concerned, or -1 when the event is about the process.</param>
/// <param name="Epoch">The epoch concerned (<see cref="CoordinationEventKind.StopEpochPublished"/>, <see cref="CoordinationEventKind.Closed"/>).</param>
/// <param name="LastEpoch">For <see cref="CoordinationEventKind.Closed"/>: the last epoch the worker read input in.</param>
/// <param name="Message">For <see cref="CoordinationEventKind.Failed"/>: the error, as the failing process reports it.</param>
public readonly record struct CoordinationEvent(CoordinationEventKind Kind, int Worker = -1, long Epoch = 0, long LastEpoch = 0, string? Message = null);
