namespace Orleans.Dataflow.Grains.Recovery;

/// <summary>Thrown by a recovery store for a write, progress or commit of an execution that a newer execution of the same flow has replaced: refused, so a late partition or coordinator of an abandoned attempt never changes what the new one resumed from.</summary>
public sealed class SupersededExecutionException(string message) : Exception(message);
