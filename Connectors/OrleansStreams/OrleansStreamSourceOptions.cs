namespace Orleans.Dataflow.OrleansStreams;

/// <summary>How an <see cref="OrleansStreamSource{T}"/> buffers what its subscriptions receive and hands it to the flow.</summary>
public sealed record OrleansStreamSourceOptions
{
    /// <summary>Items a partition holds between its subscription and the flow; the bound on its memory. Default 1024.</summary>
    /// <remarks>When the buffer is full, a delivery waits (asynchronously, on no Orleans scheduler thread) for the flow to take items.</remarks>
    public int BufferCapacity { get; init; } = 1024;

    /// <summary>The most items one read hands to the flow. Default 1024.</summary>
    public int MaxBatchSize { get; init; } = 1024;

    /// <summary>How long a delivery waits for room in a full buffer before it is refused, so the provider delivers it again later. Default 5 s.</summary>
    /// <remarks>
    /// Keep it below Orleans' response timeout (30 s by default): a delivery the provider gave up waiting for is sent again
    /// anyway. The deliveries of every subscription made from one silo's worker threads are made one at a time, so a
    /// stalled partition holds up the others of its silo for at most this long.
    /// </remarks>
    public TimeSpan DeliveryWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a partition that found its buffer empty waits before the flow reads it again. Default 10 ms.</summary>
    /// <remarks>The latency an idle flow adds to the next item, against how often an idle worker wakes up.</remarks>
    public TimeSpan IdlePollInterval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Checks the options and returns them.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1, or a time is not positive.</exception>
    public OrleansStreamSourceOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BufferCapacity, 1, nameof(BufferCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DeliveryWait, TimeSpan.Zero, nameof(DeliveryWait));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(IdlePollInterval, TimeSpan.Zero, nameof(IdlePollInterval));
        return this;
    }
}
