using Orleans.Dataflow.Grains.Batching;

namespace Orleans.Dataflow.Grains.Operators.Stateful;

/// <summary>The outputs of a stateful step on one worker: a buffer and a port per output, each emitted item going to the output its step names.</summary>
/// <remarks>
/// A step with one output (most) sends everything through output 0. A step with several (a window: results, late
/// items, metadata) is split here, as its logic emits, so a step reading one output sees only that output's items.
/// Not thread-safe.
/// </remarks>
internal sealed class StepOutputs<T>
{
    private readonly BufferEmitter<(string Key, T Value)>[] _buffers;
    private readonly Func<T, int>? _outputOf;

    /// <summary>Makes <paramref name="count"/> outputs whose buffers hold <paramref name="capacity"/> items before they grow; <paramref name="outputOf"/> picks an item's output (null: output 0).</summary>
    public StepOutputs(int count, Func<T, int>? outputOf, int capacity)
    {
        _buffers = new BufferEmitter<(string Key, T Value)>[count];
        Ports = new OutputPort<(string Key, T Value)>[count];
        for (var output = 0; output < count; output++)
        {
            _buffers[output] = new BufferEmitter<(string Key, T Value)>(capacity);
            Ports[output] = new OutputPort<(string Key, T Value)>();
        }

        _outputOf = count > 1 ? outputOf : null;
    }

    /// <summary>The ports of the outputs, by output number.</summary>
    public OutputPort<(string Key, T Value)>[] Ports { get; }

    /// <summary>The items emitted and not yet flushed, over all outputs.</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var buffer in _buffers)
            {
                count += buffer.Count;
            }

            return count;
        }
    }

    /// <summary>The epoch the items emitted from now on are in.</summary>
    public long CurrentEpoch
    {
        get => _buffers[0].CurrentEpoch;
        set
        {
            foreach (var buffer in _buffers)
            {
                buffer.CurrentEpoch = value;
            }
        }
    }

    /// <summary>Adds <paramref name="item"/> to the buffer of its output.</summary>
    /// <exception cref="InvalidOperationException">The step named an output it does not have.</exception>
    public void Emit((string Key, T Value) item)
    {
        if (_outputOf is null)
        {
            _buffers[0].Emit(item);
            return;
        }

        var output = _outputOf(item.Value);
        if ((uint)output >= (uint)_buffers.Length)
        {
            throw new InvalidOperationException($"the step sent an item to output {output}; it has outputs 0 to {_buffers.Length - 1}");
        }

        _buffers[output].Emit(item);
    }

    /// <summary>Sends each output's buffered items to its port as one batch.</summary>
    public void Flush()
    {
        for (var output = 0; output < _buffers.Length; output++)
        {
            _buffers[output].FlushTo(Ports[output]);
        }
    }

    /// <summary>Clears what the output buffers still hold of records already sent.</summary>
    public void ReleaseRecords()
    {
        foreach (var buffer in _buffers)
        {
            buffer.ReleaseRecords();
        }
    }

    /// <summary>Tells every output that nothing below <paramref name="frontier"/> will come.</summary>
    public void SendProgress(long frontier)
    {
        foreach (var port in Ports)
        {
            port.SendProgress(frontier);
        }
    }
}
