using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.Grains.Hosting;

/// <summary>A flow an <see cref="IFlowSourceLoader"/> built on this silo from code that travelled with its deployment, the options it runs with here, and what holds its code.</summary>
/// <param name="Flow">The flow.</param>
/// <param name="Options">Its options; <see cref="ExecutionOptions.Recovery"/>, if any, is a store opened for it, which the catalog closes when it unloads the execution.</param>
/// <param name="Code">Disposed when the catalog unloads the execution (after the flow ended, at the latest when its flow is deleted), once the catalog holds nothing of the flow any more: a loader that loaded the code into a collectible context unloads it there. Null when there is nothing to let go.</param>
public sealed record LoadedFlow(Dataflow Flow, ExecutionOptions Options, IDisposable? Code = null);
