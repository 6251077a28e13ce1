namespace Orleans.Dataflow.Samples.AspNetHost;

/// <summary>What <c>GET /wordcount</c> answers: how far the word count is, and the counts once it has completed.</summary>
/// <param name="Status"><c>running</c> until the flow ends, then <c>completed</c>, <c>stopped</c>, <c>aborted</c> or <c>failed</c>.</param>
/// <param name="Error">Why the flow failed; null unless <paramref name="Status"/> is <c>failed</c>.</param>
/// <param name="Counts">Every distinct word of the input with its count, in ordinal order; empty until the input has been read to its end (the counts are final counts, emitted at EOF).</param>
public sealed record WordCountReport(string Status, string? Error, IReadOnlyDictionary<string, long> Counts);
