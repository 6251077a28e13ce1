namespace Orleans.Dataflow.OrleansStreams;

/// <summary>How an <see cref="OrleansStreamSink{T}"/> retries a batch the stream provider refused.</summary>
public sealed record OrleansStreamSinkOptions
{
    /// <summary>The wait before the first retry of a batch; each further retry waits twice as long, up to <see cref="MaxBackoff"/>. Default 10 ms.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest wait between two retries. Default 1 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a batch is retried before the sink gives up and fails the flow (nothing is dropped silently). Default 5 minutes.</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether a publish that threw this exception is retried. Default <see cref="IsMemoryQueueFull"/>.</summary>
    /// <remarks>
    /// Retry only refusals that leave nothing published: a batch is one message, so a refused one is sent again whole. A
    /// timeout is not such a refusal (the provider may have taken the batch), and retrying it could publish it twice.
    /// </remarks>
    public Func<Exception, bool> ShouldRetry { get; init; } = IsMemoryQueueFull;

    /// <summary>Whether <paramref name="error"/> is Orleans memory streams' refusal of a message because its queue is full.</summary>
    /// <remarks>
    /// <c>MemoryStreamQueueGrain.Enqueue</c> throws an <see cref="InvalidOperationException"/> "Can not enqueue since the
    /// count has reached its maximum of 16384" when the queue holds that many messages the pulling agent has not read yet;
    /// the message is not enqueued. Its text is the only thing that tells it apart.
    /// </remarks>
    public static bool IsMemoryQueueFull(Exception error)
        => error is InvalidOperationException && error.Message.StartsWith("Can not enqueue since the count has reached its maximum", StringComparison.Ordinal);

    /// <summary>Checks the options and returns them.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A time is not positive, or the first backoff exceeds the largest.</exception>
    public OrleansStreamSinkOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FirstBackoff, TimeSpan.Zero, nameof(FirstBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, FirstBackoff, nameof(MaxBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(GiveUpAfter, TimeSpan.Zero, nameof(GiveUpAfter));
        ArgumentNullException.ThrowIfNull(ShouldRetry, nameof(ShouldRetry));
        return this;
    }
}
