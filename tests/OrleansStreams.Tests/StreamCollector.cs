using System.Collections.Concurrent;
using Orleans.Streams;

namespace Orleans.Dataflow.OrleansStreams.Tests;

/// <summary>What an application's subscription to a flow's results receives, in the order it arrives.</summary>
public sealed class StreamCollector<T> : IAsyncObserver<T>
{
    private readonly ConcurrentQueue<T> _items = new();

    /// <summary>The items received so far.</summary>
    public IReadOnlyList<T> Items => [.. _items];

    /// <summary>Subscribes a new collector to <paramref name="stream"/>.</summary>
    public static async Task<StreamCollector<T>> SubscribeAsync(IAsyncStream<T> stream)
    {
        var collector = new StreamCollector<T>();
        await stream.SubscribeAsync(collector);
        return collector;
    }

    /// <summary>Waits until <paramref name="count"/> items have arrived, then a little longer so that a surplus would show.</summary>
    public async Task<IReadOnlyList<T>> WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_items.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await Task.Delay(200);
        return Items;
    }

    /// <inheritdoc/>
    public Task OnNextAsync(T item, StreamSequenceToken? token = null)
    {
        _items.Enqueue(item);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task OnCompletedAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
