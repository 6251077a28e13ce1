using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.Dataflow.Grains.Exchange;

namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>The batches other partitions pushed into this one, put back in channel order and waiting for the worker.</summary>
/// <remarks>
/// Grain calls may overtake each other, so a batch that arrives ahead of its channel's next sequence number waits
/// here until the gap is filled. <see cref="Accept"/> runs in grain turns (one at a time); <see cref="TryTake"/> on
/// the worker thread; <see cref="AcceptLocal"/> on the sending worker's thread, when the sender runs on this silo.
/// Each accepted batch's task (or callback) completes when the worker takes it, or when the inbox closes: that
/// completion is the sender's credit, so what waits here is bounded by the senders' windows. A batch that comes
/// again (made again by a sender told its call failed on the way) is taken once.
/// </remarks>
[DebuggerDisplay("{_ready.Count} ready, {_channels.Count} channels, closed = {_closed}")]
internal sealed class PartitionInbox
{
    private readonly ConcurrentQueue<Pending> _ready = new();
    private readonly Dictionary<int, Channel> _channels = [];
    private readonly object _closeGate = new();
    private bool _closed;
    private bool _claimed;

    /// <summary>What wakes the worker when a batch is ready.</summary>
    public Action? Wake { get; set; }

    /// <summary>Takes <paramref name="batch"/>; the task completes when the worker has taken it.</summary>
    public Task Accept(ExchangeBatch batch)
    {
        var pending = new Pending(batch, null);
        Enqueue(pending);
        return pending.Taken!.Task;
    }

    /// <summary>Takes <paramref name="batch"/> from a partition of this silo; <paramref name="taken"/> runs on the receiving worker's thread when it has taken the batch (or on the closing thread).</summary>
    public void AcceptLocal(ExchangeBatch batch, Action<ExchangeBatch> taken) => Enqueue(new Pending(batch, taken));

    private void Enqueue(Pending pending)
    {
        var batch = pending.Batch;
        lock (_closeGate)
        {
            if (_closed)
            {
                pending.Complete();
                return;
            }

            if (!_channels.TryGetValue(batch.Sender, out var channel))
            {
                channel = new Channel();
                _channels[batch.Sender] = channel;
            }

            if (batch.Sequence < channel.Next || channel.Early.ContainsKey(batch.Sequence))
            {
                // A copy: its sender made the call again after Orleans said the first never got through, and it had.
                // Taken once; the copy's call completes now, so the sender is credited for the batch once.
                pending.Complete();
                return;
            }

            if (batch.Sequence != channel.Next)
            {
                channel.Early.Add(batch.Sequence, pending);
                if (channel.GapSince == 0)
                {
                    channel.GapSince = Stopwatch.GetTimestamp();
                }

                return;
            }

            _ready.Enqueue(pending);
            channel.Next++;
            while (channel.Early.Remove(channel.Next, out var next))
            {
                _ready.Enqueue(next);
                channel.Next++;
            }

            // A batch still held waits for another that is missing now, from now on.
            channel.GapSince = channel.Early.Count == 0 ? 0 : Stopwatch.GetTimestamp();

            channel.AssertInvariants();
        }

        Wake?.Invoke();
    }

    /// <summary>Takes the next batch for the worker, if one is ready, and credits its sender.</summary>
    public bool TryTake(out ExchangeBatch batch)
    {
        if (_ready.TryDequeue(out var pending))
        {
            batch = pending.Batch;
            pending.Complete();
            return true;
        }

        batch = null!;
        return false;
    }

    /// <summary>The channel whose next batch has been missing longest while later ones wait for it, and for how long; null when none is missing.</summary>
    /// <remarks>Calls on one channel overtake each other by milliseconds: a batch missing for long was lost on the way, and its receiver cannot go on without it.</remarks>
    public (int Sender, long Missing, TimeSpan For)? LongestGap()
    {
        lock (_closeGate)
        {
            (int Sender, long Missing, TimeSpan For)? longest = null;
            foreach (var (sender, channel) in _channels)
            {
                if (channel.GapSince != 0 && Stopwatch.GetElapsedTime(channel.GapSince) is var waited && (longest is null || waited > longest.Value.For))
                {
                    longest = (sender, channel.Next, waited);
                }
            }

            return longest;
        }
    }

    /// <summary>Claims the inbox for the worker that starts now; false if it was closed first (its silo is stopping), and then no worker may take from it.</summary>
    public bool Claim()
    {
        lock (_closeGate)
        {
            _claimed = !_closed;
            return _claimed;
        }
    }

    /// <summary>Closes the inbox, as <see cref="Close"/> does, unless a worker has claimed it: a stopping silo gives back what waits for a partition that never started here.</summary>
    public void CloseUnlessClaimed()
    {
        lock (_closeGate)
        {
            if (_claimed)
            {
                return;
            }
        }

        Close();
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
            pending.Complete();
        }

        foreach (var early in _channels.Values.SelectMany(c => c.Early.Values))
        {
            early.Complete();
        }
    }

    private sealed class Channel
    {
        public long Next { get; set; } = 1;

        public Dictionary<long, Pending> Early { get; } = [];

        /// <summary>Since when (a <see cref="Stopwatch"/> timestamp) batches have waited here for <see cref="Next"/>; 0 when none waits.</summary>
        public long GapSince { get; set; }

        /// <summary>Checks, in debug builds, that every batch held back is still ahead of the next one due: none is held that could have gone.</summary>
        [Conditional("DEBUG")]
        public void AssertInvariants()
        {
            foreach (var sequence in Early.Keys)
            {
                Debug.Assert(sequence > Next, $"batch {sequence} is held back, but batch {Next} is the next due");
            }
        }
    }

    /// <summary>A batch waiting for the worker, and how its sender hears that it was taken: a task (by grain call) or a callback (from this silo).</summary>
    private sealed class Pending(ExchangeBatch batch, Action<ExchangeBatch>? taken)
    {
        public ExchangeBatch Batch { get; } = batch;

        public TaskCompletionSource? Taken { get; } = taken is null ? new(TaskCreationOptions.RunContinuationsAsynchronously) : null;

        public void Complete()
        {
            if (taken is null)
            {
                Taken!.TrySetResult();
            }
            else
            {
                taken(Batch);
            }
        }
    }
}
