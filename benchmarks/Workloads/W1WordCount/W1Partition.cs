using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Benchmarks.Workloads.W1WordCount;

/// <summary>Worker <c>w</c> of <c>n</c>'s share of the W1 lines: <c>lines[w], lines[w + n], …</c>, in batches.</summary>
/// <remarks>Hands out the pre-generated strings by index; ends with the batch that holds its last line. Called from one worker thread only.</remarks>
public sealed class W1Partition : StatelessSourcePartition<string>
{
    private readonly string[] _lines;
    private readonly int _stride;
    private readonly int _batchSize;
    private long _next;

    /// <summary>Creates the partition of worker <paramref name="workerIndex"/> of <paramref name="workerCount"/> over <paramref name="lines"/>.</summary>
    public W1Partition(string[] lines, int workerIndex, int workerCount, int batchSize)
    {
        _lines = lines;
        _stride = workerCount;
        _batchSize = batchSize;
        _next = workerIndex;
    }

    /// <inheritdoc/>
    public override bool NextBatch(List<string> batch)
    {
        var lines = _lines;
        var next = _next;
        for (var produced = 0; produced < _batchSize && next < lines.Length; produced++, next += _stride)
        {
            batch.Add(lines[next]);
        }

        _next = next;
        return next < lines.Length;
    }
}
