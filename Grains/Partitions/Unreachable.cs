using Orleans.Runtime.Messaging;

namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>Tells a grain call that failed because its target's silo is gone or going from one that failed for another reason (a record its serde cannot write).</summary>
internal static class Unreachable
{
    /// <summary>How many times a call that Orleans cancelled unsent (it could not address it while the grain directory changed) is made before the failure counts.</summary>
    public const int UnsentCallRetries = 10;

    /// <summary>The pause before a call that Orleans cancelled unsent is made again.</summary>
    public static readonly TimeSpan UnsentCallDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Whether <paramref name="error"/> (a failed call's exception) says the call's silo could not be reached, or the call could not be addressed to it.</summary>
    public static bool Is(Exception? error)
        => error?.GetBaseException() is OrleansMessageRejectionException or ConnectionFailedException or TimeoutException or OperationCanceledException;
}
