namespace Orleans.Dataflow.Connectors;

/// <summary>Thrown from <see cref="SimplePollingSource{T,TState}.NextItem"/> to say "nothing now, poll again after a delay" (a rate limit, a flaky endpoint).</summary>
/// <remarks>
/// The source emits nothing for this poll and polls next <see cref="RetryAfter"/> after the time this poll was
/// scheduled for (not after now), instead of one interval after it. The regular schedule resumes from there.
/// </remarks>
public sealed class PollingRetryException : Exception
{
    /// <summary>Asks for the next poll <paramref name="retryAfter"/> after this poll's scheduled time.</summary>
    public PollingRetryException(TimeSpan retryAfter, string? message = null, Exception? innerException = null)
        : base(message ?? $"poll again in {retryAfter}", innerException)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryAfter, TimeSpan.Zero);
        RetryAfter = retryAfter;
    }

    /// <summary>How long after this poll's scheduled time to poll again; never negative.</summary>
    public TimeSpan RetryAfter { get; }
}
