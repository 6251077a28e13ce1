using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Connectors;

/// <summary>The partition of <see cref="FileSource"/> and <see cref="DirSource"/>: one file, read as lines, resumable at a byte offset.</summary>
/// <remarks>
/// Each item is a line without its "\n" or "\r\n"; a blank line gives "". Ends (returns false) in the call that
/// finds the end of the file. The snapshot is the byte offset just after the last line returned.
/// </remarks>
internal sealed class LinePartition : StatefulSourcePartition<string, long>
{
    private readonly LineReader _reader;
    private readonly int _batchSize;

    public LinePartition(string path, long resumeOffset, int batchSize)
    {
        _reader = LineReader.Open(path, resumeOffset);
        _batchSize = batchSize;
    }

    public override bool NextBatch(List<string> batch) => _reader.ReadLines(batch, _batchSize);

    public override long Snapshot() => _reader.Position;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
        }
    }
}
