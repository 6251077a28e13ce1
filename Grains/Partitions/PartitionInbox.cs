using System.Collections.Concurrent;
using Orleans.Dataflow.Grains.Exchange;

namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>The batches other partitions pushed into this one, put back in channel order and waiting for the worker.</summary>
/// <remarks>
/// Grain calls may overtake each other, so a batch that arrives ahead of its channel's next sequence number waits
/// here until the gap is filled. <see cref="Accept"/> runs in grain turns (one at a time); <see cref="TryTake"/> on
/// the worker thread. Each accepted batch's task completes when the worker takes it, or when the inbox closes:
/// that completion is the sender's credit, so what waits here is bounded by the senders' windows.
/// </remarks>
internal sealed class PartitionInbox
{
    private readonly ConcurrentQueue<Pending> _ready = new();
    private readonly Dictionary<int, Channel> _channels = [];
    private readonly object _closeGate = new();
    private bool _closed;

    /// <summary>What wakes the worker when a batch is ready.</summary>
    public Action? Wake { get; set; }

    /// <summary>Takes <paramref name="batch"/>; the task completes when the worker has taken it.</summary>
    public Task Accept(ExchangeBatch batch)
    {
        var pending = new Pending(batch);
        lock (_closeGate)
        {
            if (_closed)
            {
                return Task.CompletedTask;
            }

            if (!_channels.TryGetValue(batch.Sender, out var channel))
            {
                channel = new Channel();
                _channels[batch.Sender] = channel;
            }

            if (batch.Sequence != channel.Next)
            {
                channel.Early.Add(batch.Sequence, pending);
                return pending.Taken.Task;
            }

            _ready.Enqueue(pending);
            channel.Next++;
            while (channel.Early.Remove(channel.Next, out var next))
            {
                _ready.Enqueue(next);
                channel.Next++;
            }
        }

        Wake?.Invoke();
        return pending.Taken.Task;
    }

    /// <summary>Takes the next batch for the worker, if one is ready, and credits its sender.</summary>
    public bool TryTake(out ExchangeBatch batch)
    {
        if (_ready.TryDequeue(out var pending))
        {
            batch = pending.Batch;
            pending.Taken.TrySetResult();
            return true;
        }

        batch = null!;
        return false;
    }

    /// <summary>The worker has left: credits every waiting sender, and later batches are dropped.</summary>
    public void Close()
    {
        lock (_closeGate)
        {
            _closed = true;
        }

        while (_ready.TryDequeue(out var pending))
        {
            pending.Taken.TrySetResult();
        }

        foreach (var early in _channels.Values.SelectMany(c => c.Early.Values))
        {
            early.Taken.TrySetResult();
        }
    }

    private sealed class Channel
    {
        public long Next { get; set; } = 1;

        public Dictionary<long, Pending> Early { get; } = [];
    }

    private sealed class Pending(ExchangeBatch batch)
    {
        public ExchangeBatch Batch { get; } = batch;

        public TaskCompletionSource Taken { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
