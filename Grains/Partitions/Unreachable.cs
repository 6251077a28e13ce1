using Orleans.Runtime.Messaging;

namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>Tells a grain call that failed because its target's silo is gone or going from one that failed for another reason (a record its serde cannot write).</summary>
internal static class Unreachable
{
    /// <summary>Whether <paramref name="error"/> (a failed call's exception) says the call's silo could not be reached.</summary>
    public static bool Is(Exception? error)
        => error?.GetBaseException() is OrleansMessageRejectionException or ConnectionFailedException or TimeoutException;
}
