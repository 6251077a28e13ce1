namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>One message on a worker-to-worker channel: a batch of records of one epoch, or a progress update.</summary>
/// <remarks>
/// Messages from one sender to one receiver must arrive in the order they were sent: progress promises that no
/// data of an earlier epoch follows. A transport that crosses processes encodes <see cref="Items"/> with the
/// exchange's serde (see <see cref="IExchangeCodec"/>).
/// </remarks>
public sealed class ExchangeMessage
{
    private ExchangeMessage(int exchangeId, int sender, long epoch, Array? items, int count, long frontier, long watermark = 0)
    {
        Watermark = watermark;
        ExchangeId = exchangeId;
        Sender = sender;
        Epoch = epoch;
        Items = items;
        Count = count;
        Frontier = frontier;
    }

    /// <summary>Which exchange of the plan this belongs to (the same number on every worker).</summary>
    public int ExchangeId { get; }

    /// <summary>The global index of the sending worker.</summary>
    public int Sender { get; }

    /// <summary>The epoch of the records (data messages only).</summary>
    public long Epoch { get; }

    /// <summary>The records, a <c>T[]</c> of which the first <see cref="Count"/> are used; null for progress.</summary>
    public Array? Items { get; }

    /// <summary>How many records <see cref="Items"/> holds.</summary>
    public int Count { get; }

    /// <summary>For progress: the sender will send nothing below this epoch on this exchange (<see cref="long.MaxValue"/> at EOF).</summary>
    public long Frontier { get; }

    /// <summary>For progress into a step under a stream watermark: the sender's event-time watermark (UTC ticks) over everything it sent before; 0 (the earliest time) otherwise.</summary>
    public long Watermark { get; }

    /// <summary>Whether this is a progress update rather than data.</summary>
    public bool IsProgress => Items is null;

    /// <summary>A batch of <paramref name="count"/> records of <paramref name="epoch"/>.</summary>
    public static ExchangeMessage Data(int exchangeId, int sender, long epoch, Array items, int count)
        => new(exchangeId, sender, epoch, items, count, 0);

    /// <summary>A promise that nothing below <paramref name="frontier"/> follows from <paramref name="sender"/>, with the sender's stream <paramref name="watermark"/> (UTC ticks) if the step has one.</summary>
    public static ExchangeMessage Progress(int exchangeId, int sender, long frontier, long watermark = 0)
        => new(exchangeId, sender, 0, null, 0, frontier, watermark);
}
