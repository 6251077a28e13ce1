using System.Runtime.CompilerServices;
using Orleans.Dataflow.Grains.Operators;

namespace Orleans.Dataflow.Grains.Batching;

/// <summary>Collects the items step logic emits into a reusable array, handed downstream as one batch.</summary>
/// <remarks>Grows as needed and never flushes during a call into user code, so user code never sees downstream errors. Not thread-safe.</remarks>
internal sealed class BufferEmitter<T> : Emitter<T>
{
    private T[] _buffer;
    private int _count;

    // The front slots still holding records already sent: the next batches overwrite them, the worker clears them before it waits.
    private int _stale;

    public BufferEmitter(int capacity)
    {
        _buffer = new T[Math.Max(capacity, 16)];
    }

    public long CurrentEpoch { get; set; }

    public int Count => _count;

    public override long Epoch => CurrentEpoch;

    public override void Emit(T item)
    {
        if (_count == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        _buffer[_count++] = item;
    }

    /// <summary>Sends what was emitted to <paramref name="port"/> as one batch and empties the buffer.</summary>
    public void FlushTo(OutputPort<T> port)
    {
        if (_count == 0)
        {
            return;
        }

        var count = _count;
        _count = 0;
        port.Send(CurrentEpoch, new ArraySegment<T>(_buffer, 0, count));
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            _stale = Math.Max(_stale, count);
        }
    }

    /// <summary>Clears the slots that still reference records already sent; the worker calls it before it waits.</summary>
    public void ReleaseRecords()
    {
        if (_stale > 0)
        {
            Array.Clear(_buffer, 0, _stale);
            _stale = 0;
        }
    }
}
