namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>Something on a worker that holds records back to send them in fuller batches: the worker flushes it before it waits.</summary>
internal interface IPendingBatches
{
    /// <summary>Sends everything held, whatever the size of its batches.</summary>
    void Flush();

    /// <summary>Sends everything held when the oldest of it has waited long enough, <paramref name="timestamp"/> being <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> now.</summary>
    void FlushLingering(long timestamp);
}
