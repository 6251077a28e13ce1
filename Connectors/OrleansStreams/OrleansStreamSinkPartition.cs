using System.Diagnostics;
using Orleans.Dataflow.Outputs;
using Orleans.Streams;

namespace Orleans.Dataflow.OrleansStreams;

/// <summary>One worker's publisher to the stream of an <see cref="OrleansStreamSink{T}"/>: a batch at a time, retried while the provider refuses it.</summary>
/// <remarks>
/// <see cref="WriteBatch"/> returns only once the provider has taken the batch, so the epoch the batch belongs to closes
/// after its items are on the stream. It waits on the worker thread, which is the partition's own (no grain turn, no
/// Orleans scheduler thread): a full queue holds the worker back, and with it the flow upstream of it.
/// </remarks>
internal sealed class OrleansStreamSinkPartition<T>(IAsyncStream<T> stream, string name, OrleansStreamSinkOptions options) : StatelessSinkPartition<T>
{
    public override void WriteBatch(IReadOnlyList<T> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        // The list is only valid during the call, and the provider may enumerate the batch again on each attempt.
        var batch = items.ToArray();
        var started = Stopwatch.GetTimestamp();
        var backoff = options.FirstBackoff;
        while (true)
        {
            try
            {
                stream.OnNextBatchAsync(batch).GetAwaiter().GetResult();
                return;
            }
            catch (Exception e) when (options.ShouldRetry(e))
            {
                if (Stopwatch.GetElapsedTime(started) + backoff > options.GiveUpAfter)
                {
                    throw new TimeoutException(
                        $"Orleans stream {name} refused a batch of {batch.Length} items for {options.GiveUpAfter.TotalSeconds:0.#} s: {e.Message}", e);
                }

                OrleansStreamsMeters.SinkRetries.Add(1);
                Thread.Sleep(backoff);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));
            }
        }
    }
}
