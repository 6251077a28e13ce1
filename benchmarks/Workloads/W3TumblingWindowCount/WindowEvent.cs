namespace Orleans.Dataflow.Benchmarks.Workloads.W3TumblingWindowCount;

/// <summary>One W3 event: its key string and its timestamp.</summary>
/// <param name="Key">The key, one of the precomputed strings <c>"0" … "999"</c>.</param>
/// <param name="Timestamp">The event time: event <c>i</c> is at <c>i</c> ms from the Unix epoch.</param>
public readonly record struct WindowEvent(string Key, DateTimeOffset Timestamp);
