using Orleans.Runtime.Messaging;

namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>Tells a grain call that failed because its target's silo is gone or going from one that failed for another reason (a record its serde cannot write).</summary>
internal static class Unreachable
{
    /// <summary>How many times a call that Orleans cancelled unsent (it could not address it while the grain directory changed) is made before the failure counts.</summary>
    public const int UnsentCallRetries = 10;

    /// <summary>The pause before a call that Orleans cancelled unsent is made again.</summary>
    public static readonly TimeSpan UnsentCallDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>How many times in a row a wait on an execution's end may go unanswered within its response timeout before its silo counts as lost.</summary>
    /// <remarks>
    /// A live silo stalled by a busy machine or a peer's loss can answer after the timeout (CI runs saw both); a dead
    /// one's calls are rejected at once when membership has declared it, so asking again only tells the two apart.
    /// </remarks>
    public const int UnansweredWaitRetries = 3;

    /// <summary>Whether <paramref name="error"/> (a failed call's exception) says the call's silo could not be reached, or the call could not be addressed to it.</summary>
    public static bool Is(Exception? error)
        => error?.GetBaseException() is OrleansMessageRejectionException or ConnectionFailedException or TimeoutException or OperationCanceledException;

    /// <summary>Whether a call that failed with <paramref name="error"/> never reached its target, whose silo is not known to be dead: cancelled unsent, a connection that could not be made, a message refused on the way while the cluster changes. Made again, it may get through.</summary>
    /// <remarks>
    /// Not a timeout (the call may have been applied, its answer late) and not a silo declared dead (Orleans fails every
    /// call to it at once, for good). A connection between two live silos can break once, as CI runs saw: taken for a
    /// lost silo, it failed an execution without a store, and made one with a store start again from its last commit.
    /// </remarks>
    public static bool MayGetThroughAgain(Exception? error)
        => error?.GetBaseException() is OperationCanceledException or ConnectionFailedException or (OrleansMessageRejectionException and not SiloUnavailableException);

    /// <summary>Makes <paramref name="call"/>, and again while it fails without having got through (<see cref="MayGetThroughAgain"/>), up to <see cref="UnsentCallRetries"/> times <see cref="UnsentCallDelay"/> apart; then its failure is the caller's.</summary>
    public static async Task<T> UntilThrough<T>(Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception error) when (MayGetThroughAgain(error) && attempt < UnsentCallRetries)
            {
                await Task.Delay(UnsentCallDelay);
            }
        }
    }

    /// <summary>As <see cref="UntilThrough{T}(Func{Task{T}})"/>, for a call without a result.</summary>
    public static Task UntilThrough(Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return UntilThrough(async () =>
        {
            await call();
            return true;
        });
    }

    /// <summary>Why a call could not reach its silo, on one line: the innermost cause Orleans reports, without exception type names or stack frames.</summary>
    /// <remarks>
    /// Orleans rejects a message it could not send with an exception whose message is its cause's whole text, stack
    /// frames and all; quoted as it is, that text put a dozen lines of Orleans' frames into the error a user reads.
    /// </remarks>
    public static string Reason(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var cause = error.Message
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith("at ", StringComparison.Ordinal) && !line.StartsWith("--- End of", StringComparison.Ordinal))
            .LastOrDefault();
        if (cause is null)
        {
            return error.GetType().Name;
        }

        if (cause.StartsWith("--->", StringComparison.Ordinal))
        {
            cause = cause[4..].TrimStart();
        }

        // "Namespace.SomeException: text" -> "text", as often as the cause quotes a type name in front of its text.
        while (cause.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0
            && cause[..colon].EndsWith("Exception", StringComparison.Ordinal) && !cause[..colon].Contains(' ', StringComparison.Ordinal))
        {
            cause = cause[(colon + 2)..];
        }

        return cause;
    }
}
