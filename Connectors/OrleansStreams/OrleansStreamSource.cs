using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.OrleansStreams;

/// <summary>Feeds a flow from Orleans streams: one partition per stream id of one namespace in a named stream provider, the partitions spread over the flow's workers.</summary>
/// <remarks>
/// <para>
/// Each partition subscribes to its stream from the silo its worker runs on (an explicit subscription, made with the
/// silo's stream provider when the partition opens and removed when it closes) and buffers what Orleans delivers, at most
/// <see cref="OrleansStreamSourceOptions.BufferCapacity"/> items: a slow flow makes deliveries wait, which holds back the
/// provider's pulling agent (a persistent stream's queue then fills, and its producers see that), instead of memory
/// growing. Items reach the flow in the order the stream delivers them. Runs only on silos with <c>AddDataflow()</c> and
/// the provider (a <c>TestCluster</c>, <c>run</c>, <c>serve</c>); every silo needs the provider.
/// </para>
/// <para>
/// <b>Ends</b> when every partition has read an item for which <c>isEnd</c> returns true (the marker is not emitted, and
/// nothing after it is read); without <c>isEnd</c> the source never ends, and the flow runs until it is stopped. Orleans'
/// persistent streams (memory streams among them) do not carry <c>OnCompletedAsync</c>, so an end is an item.
/// </para>
/// <para>
/// <b>Recovery:</b> only what is published while a partition is subscribed reaches the flow. A subscription made with no
/// sequence token starts at the stream's present, and memory streams cannot be rewound, so nothing is read twice and the
/// snapshot keeps no position, only whether the end marker was read: after a crash, the items the lost partition took
/// after the last committed epoch, and those published before its successor subscribes, are not seen again; on a graceful
/// stop or hand-over, what was still in the buffer and what is published until the next subscription is not seen. Delivery
/// is exactly once while a run lasts, at most once across a recovery. A delivery refused because the buffer stayed full
/// (<see cref="OrleansStreamSourceOptions.DeliveryWait"/>) is delivered again by the provider, which gives up on it after
/// its <c>StreamPullingAgentOptions.MaxEventDeliveryTime</c> (1 minute by default): a flow stalled that long loses it.
/// </para>
/// </remarks>
/// <typeparam name="T">The items on the streams; they travel with the provider's serializer.</typeparam>
public sealed class OrleansStreamSource<T> : FixedPartitionedSource<T, bool>
{
    private readonly string _provider;
    private readonly string _streamNamespace;
    private readonly IReadOnlyList<string> _streamIds;
    private readonly Func<T, bool>? _isEnd;
    private readonly OrleansStreamSourceOptions _options;

    /// <summary>A source that reads streams <paramref name="streamIds"/> of <paramref name="streamNamespace"/> in stream provider <paramref name="provider"/>.</summary>
    /// <param name="provider">The stream provider's name, as registered on the silos (<c>AddMemoryStreams(name)</c>).</param>
    /// <param name="streamNamespace">The streams' namespace.</param>
    /// <param name="streamIds">The streams' keys (<c>StreamId.Create(streamNamespace, key)</c>); one partition each, named by the key.</param>
    /// <param name="isEnd">Recognizes the item that ends a stream's partition; null: the streams never end.</param>
    /// <param name="options">Buffering; null takes the defaults.</param>
    /// <exception cref="ArgumentException">No stream ids, an empty or repeated one, or an empty provider name.</exception>
    public OrleansStreamSource(string provider, string streamNamespace, IReadOnlyList<string> streamIds, Func<T, bool>? isEnd = null, OrleansStreamSourceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentNullException.ThrowIfNull(streamNamespace);
        ArgumentNullException.ThrowIfNull(streamIds);
        if (streamIds.Count == 0 || streamIds.Any(string.IsNullOrEmpty) || streamIds.Distinct(StringComparer.Ordinal).Count() != streamIds.Count)
        {
            throw new ArgumentException("stream ids must be one or more distinct non-empty keys", nameof(streamIds));
        }

        _provider = provider;
        _streamNamespace = streamNamespace;
        _streamIds = [.. streamIds];
        _isEnd = isEnd;
        _options = (options ?? new OrleansStreamSourceOptions()).Validate();
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> ListParts() => _streamIds;

    /// <summary>Subscribes to stream <paramref name="forPart"/> from the silo of the calling worker; <paramref name="resumeState"/> is whether it had ended.</summary>
    /// <exception cref="InvalidOperationException">Not on a dataflow silo, or the silo has no such provider.</exception>
    public override StatefulSourcePartition<T, bool> BuildPart(string stepId, string forPart, bool resumeState)
    {
        var name = $"{_provider}/{_streamNamespace}/{forPart}";
        var stream = resumeState ? null : SiloStreams.Get<T>(nameof(OrleansStreamSource<T>), _provider, _streamNamespace, forPart);
        return new OrleansStreamSourcePartition<T>(stream, name, resumeState, _isEnd, _options);
    }
}
