namespace Orleans.Dataflow.Windowing;

/// <summary>The three streams of a windowing operator: results, late items, and metadata of closed windows.</summary>
/// <remarks>Every stream is keyed by the input's key and carries the window id with each value.</remarks>
/// <typeparam name="TValue">The values of the keyed input stream.</typeparam>
/// <typeparam name="TOut">The values the windows emit.</typeparam>
/// <param name="Down">What the windows emitted, as <c>(key, (window id, value))</c>.</param>
/// <param name="Late">
/// Input items whose timestamp was already behind the key's watermark when they arrived, as
/// <c>(key, (window id, item))</c> for every window the item would have been in; they are in no result. Session
/// windows report late items with the id <see cref="SessionWindower.LateSessionId"/>.
/// </param>
/// <param name="Meta">One <c>(key, (window id, metadata))</c> per window when it closes; windows merged into another emit none.</param>
public sealed record WindowOut<TValue, TOut>(
    KeyedStream<(long WindowId, TOut Value)> Down,
    KeyedStream<(long WindowId, TValue Value)> Late,
    KeyedStream<(long WindowId, WindowMetadata Metadata)> Meta);
