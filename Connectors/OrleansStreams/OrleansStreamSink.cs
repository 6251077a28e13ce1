using Orleans.Dataflow.Outputs;

namespace Orleans.Dataflow.OrleansStreams;

/// <summary>Publishes a flow's results to an Orleans stream, for an Orleans application to subscribe to.</summary>
/// <remarks>
/// <para>
/// Every worker publishes the items it holds to the one stream (key <c>streamId</c> of <c>streamNamespace</c> in provider
/// <c>provider</c>), each batch as one <c>OnNextBatchAsync</c>, from the silo its worker runs on: one worker's items arrive
/// in the order it wrote them, workers' batches interleave. Runs only on silos with <c>AddDataflow()</c> and the provider.
/// </para>
/// <para>
/// A batch the provider refuses with an exception <see cref="OrleansStreamSinkOptions.ShouldRetry"/> accepts (by default
/// a full memory stream queue) is published again after a backoff that doubles, until it is taken — nothing is lost or
/// sent twice — or until <see cref="OrleansStreamSinkOptions.GiveUpAfter"/>, when the flow fails. A write returns only once
/// its batch is on the stream, so no epoch closes (and none commits) before its items are. Any other error fails the flow.
/// </para>
/// <para>
/// <b>Recovery:</b> at least once. A stream cannot take back what it was given, so a run resumed from its last committed
/// epoch publishes again what the lost run published after that epoch.
/// </para>
/// </remarks>
/// <typeparam name="T">The items published; they travel with the provider's serializer.</typeparam>
public sealed class OrleansStreamSink<T> : DynamicSink<T>
{
    private readonly string _provider;
    private readonly string _streamNamespace;
    private readonly string _streamId;
    private readonly OrleansStreamSinkOptions _options;

    /// <summary>A sink that publishes to stream <paramref name="streamId"/> of <paramref name="streamNamespace"/> in stream provider <paramref name="provider"/>.</summary>
    /// <param name="provider">The stream provider's name, as registered on the silos (<c>AddMemoryStreams(name)</c>).</param>
    /// <param name="streamNamespace">The stream's namespace.</param>
    /// <param name="streamId">The stream's key (<c>StreamId.Create(streamNamespace, streamId)</c>).</param>
    /// <param name="options">Retries; null takes the defaults.</param>
    /// <exception cref="ArgumentException">An empty provider name or stream id.</exception>
    public OrleansStreamSink(string provider, string streamNamespace, string streamId, OrleansStreamSinkOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentNullException.ThrowIfNull(streamNamespace);
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        _provider = provider;
        _streamNamespace = streamNamespace;
        _streamId = streamId;
        _options = (options ?? new OrleansStreamSinkOptions()).Validate();
    }

    /// <summary>The publisher of worker <paramref name="workerIndex"/>, on the silo of the calling worker.</summary>
    /// <exception cref="InvalidOperationException">Not on a dataflow silo, or the silo has no such provider.</exception>
    public override StatelessSinkPartition<T> Build(string stepId, int workerIndex, int workerCount)
        => new OrleansStreamSinkPartition<T>(
            SiloStreams.Get<T>(nameof(OrleansStreamSink<T>), _provider, _streamNamespace, _streamId),
            $"{_provider}/{_streamNamespace}/{_streamId}",
            _options);
}
