using System.Threading.Channels;
using Orleans.Dataflow.Inputs;
using Orleans.Streams;

namespace Orleans.Dataflow.OrleansStreams;

/// <summary>One stream of an <see cref="OrleansStreamSource{T}"/>: a subscription that fills a bounded buffer, which the worker thread empties a batch at a time.</summary>
/// <remarks>
/// Orleans delivers to a subscription one call at a time, on the thread pool (the silo's hosted client, not a grain
/// scheduler). A delivery that finds the buffer full waits for room up to <see cref="OrleansStreamSourceOptions.DeliveryWait"/>
/// and is then refused with a <see cref="TimeoutException"/>: the provider delivers the batch again after its backoff, and
/// the items of it this partition had taken already are recognized by their sequence tokens and skipped.
/// </remarks>
internal sealed class OrleansStreamSourcePartition<T> : StatefulSourcePartition<T, bool>, IAsyncObserver<T>
{
    private static readonly TimeSpan _unsubscribeWait = TimeSpan.FromSeconds(5);

    private readonly Channel<T> _buffer;
    private readonly Func<T, bool>? _isEnd;
    private readonly OrleansStreamSourceOptions _options;
    private readonly string _name;
    private readonly StreamSubscriptionHandle<T>? _subscription;
    private StreamSequenceToken? _lastTaken;
    private Exception? _streamError;
    private bool _ended;
    private bool _idle;

    /// <summary>Subscribes to <paramref name="stream"/> (named <paramref name="name"/> in errors) unless the partition <paramref name="ended"/> in the run it resumes.</summary>
    public OrleansStreamSourcePartition(IAsyncStream<T>? stream, string name, bool ended, Func<T, bool>? isEnd, OrleansStreamSourceOptions options)
    {
        _name = name;
        _isEnd = isEnd;
        _options = options;
        _ended = ended;
        _buffer = Channel.CreateBounded<T>(new BoundedChannelOptions(options.BufferCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
        if (!ended)
        {
            // The worker thread is the partition's own, not an Orleans scheduler thread: waiting on it is safe.
            _subscription = stream!.SubscribeAsync(this).GetAwaiter().GetResult();
        }
    }

    public override bool NextBatch(List<T> batch)
    {
        if (Volatile.Read(ref _streamError) is { } error)
        {
            throw new InvalidOperationException($"Orleans stream {_name} failed", error);
        }

        var reader = _buffer.Reader;
        while (!_ended && batch.Count < _options.MaxBatchSize && reader.TryRead(out var item))
        {
            if (_isEnd is not null && _isEnd(item))
            {
                _ended = true;
                _buffer.Writer.TryComplete();
                break;
            }

            batch.Add(item);
        }

        _idle = batch.Count == 0;
        return !_ended;
    }

    public override DateTimeOffset? NextAwake() => _idle ? DateTimeOffset.UtcNow + _options.IdlePollInterval : null;

    /// <summary>Whether the partition has read its end marker: a resumed run then ends it at once instead of waiting for a marker that came before.</summary>
    public override bool Snapshot() => _ended;

    public Task OnNextAsync(T item, StreamSequenceToken? token = null)
    {
        if (token is not null && _lastTaken is not null && token.CompareTo(_lastTaken) <= 0)
        {
            // A batch delivered again after a refusal: this item was taken the first time.
            return Task.CompletedTask;
        }

        if (_buffer.Writer.TryWrite(item))
        {
            _lastTaken = token;
            return Task.CompletedTask;
        }

        return WaitForRoom(item, token);
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        Volatile.Write(ref _streamError, ex);
        return Task.CompletedTask;
    }

    protected override void Dispose(bool disposing)
    {
        // Items delivered from now on have nowhere to go: the writer refuses them (the subscription is going).
        _buffer.Writer.TryComplete();
        if (_subscription is null)
        {
            return;
        }

        try
        {
            _subscription.UnsubscribeAsync().WaitAsync(_unsubscribeWait).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or ObjectDisposedException)
        {
            // The silo is shutting down or lost: its subscriptions go with it, and the run is ending anyway.
        }
    }

    private async Task WaitForRoom(T item, StreamSequenceToken? token)
    {
        using var wait = new CancellationTokenSource(_options.DeliveryWait);
        try
        {
            await _buffer.Writer.WriteAsync(item, wait.Token);
            _lastTaken = token;
        }
        catch (OperationCanceledException) when (wait.IsCancellationRequested)
        {
            OrleansStreamsMeters.DeliveriesRefused.Add(1);
            throw new TimeoutException($"Orleans stream {_name}: the flow has not taken an item for {_options.DeliveryWait.TotalSeconds:0.#} s; deliver again later");
        }
        catch (ChannelClosedException)
        {
            // The partition has ended (end marker) or closed: what comes after is not read.
        }
    }
}
