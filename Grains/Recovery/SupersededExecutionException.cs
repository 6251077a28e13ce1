namespace Orleans.Dataflow.Grains.Recovery;

/// <summary>Thrown by a recovery store for a write of an execution that a newer execution of the same flow has replaced: refused, so a late partition of an abandoned attempt never overwrites what the new one resumed from.</summary>
public sealed class SupersededExecutionException(string message) : Exception(message);
