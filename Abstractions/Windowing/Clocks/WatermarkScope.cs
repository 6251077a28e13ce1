namespace Orleans.Dataflow.Windowing;

/// <summary>Over which items an <see cref="EventClock{TValue}"/>'s watermark moves: one key's, or the whole stream's.</summary>
/// <remarks>
/// <para><see cref="PerKey"/> (the default, Bytewax's semantics): a key's watermark moves only on that key's items
/// (and with system time), so a key that goes quiet keeps its windows open until its next item, the system time
/// passes their close, or EOF.</para>
/// <para><see cref="PerStream"/> (Flink's model): every worker sending to the windowing step tracks the largest
/// timestamp it has sent minus the wait; the stream watermark is the smallest of those over all sending workers,
/// carried with the epochs' progress. Every key's windows close once it passes their close, whether or not the key
/// gets another item. It moves with the data only, not with system time.</para>
/// </remarks>
public enum WatermarkScope
{
    /// <summary>Each key has its own watermark, moved by its own items.</summary>
    PerKey,

    /// <summary>One watermark for the whole stream: the smallest over the sending workers of the largest timestamp each has sent, minus the wait.</summary>
    PerStream,
}
