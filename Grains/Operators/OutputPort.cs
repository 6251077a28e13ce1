using Orleans.Dataflow.Grains.Batching;

namespace Orleans.Dataflow.Grains.Operators;

/// <summary>One output of an operator on one worker: the receivers of its batches and of its progress.</summary>
/// <remarks>Data is handed on synchronously (this is what fuses stateless chains). Not thread-safe.</remarks>
internal sealed class OutputPort<T> : ISentCount
{
    private IBatchReceiver<T>[] _receivers = [];
    private (IProgressReceiver Target, int Channel)[] _progress = [];

    public void Connect(IBatchReceiver<T> receiver, IProgressReceiver progress, int channel)
    {
        _receivers = [.. _receivers, receiver];
        _progress = [.. _progress, (progress, channel)];
        Direct = null;
    }

    /// <summary>Connects <paramref name="receiver"/>, which the step may emit into directly while it is this port's only receiver and takes emissions.</summary>
    public void ConnectDirect(DirectEmitter<T> receiver, IProgressReceiver progress)
    {
        Connect(receiver, progress, 0);
        Direct = _receivers.Length == 1 && receiver.TakesEmissions ? receiver : null;
    }

    /// <summary>The port's only receiver when the step may emit into it directly (<see cref="ConnectDirect"/>); null when it must send batches.</summary>
    public DirectEmitter<T>? Direct { get; private set; }

    /// <summary>Counts <paramref name="count"/> records the step emitted into <see cref="Direct"/> as sent.</summary>
    public void CountSent(int count) => Sent += count;

    /// <summary>The records sent through this port; the worker thread adds each batch, others read it racily for metrics.</summary>
    public long Sent { get; private set; }

    public void Send(long epoch, ArraySegment<T> items)
    {
        Sent += items.Count;
        foreach (var receiver in _receivers)
        {
            receiver.OnBatch(epoch, items);
        }
    }

    public void SendProgress(long frontier)
    {
        foreach (var (target, channel) in _progress)
        {
            target.OnProgress(channel, frontier);
        }
    }
}
