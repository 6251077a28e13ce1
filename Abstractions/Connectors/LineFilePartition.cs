using System.Text;
using Orleans.Dataflow.Outputs;

namespace Orleans.Dataflow.Connectors;

/// <summary>One output file of a sink that writes lines: UTF-8 values each followed by the end string, flushed per batch, synced to disk at each snapshot, and resumed by cutting the file to the snapshotted offset.</summary>
/// <remarks>Shared by <see cref="FileSink"/> (one file) and <see cref="DirSink"/> (one file per partition); errors name the file.</remarks>
internal sealed class LineFilePartition : StatefulSinkPartition<string, long>
{
    private readonly string _path;
    private readonly string _end;
    private readonly string _sink;
    private readonly FileStream _stream;
    private readonly StreamWriter _writer;
    private long _position;

    /// <summary>Opens <paramref name="path"/> (created if missing), cut to <paramref name="offset"/>, for <paramref name="sink"/> (named in errors).</summary>
    public LineFilePartition(string path, string end, long offset, string sink)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        _path = path;
        _end = end;
        _sink = sink;
        try
        {
            _stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new IOException($"cannot write file `{path}`: {e.Message}", e);
        }

        try
        {
            var length = _stream.Length;
            if (length < offset)
            {
                throw new IOException($"cannot resume writing file `{path}` at byte {offset}: the file has only {length} bytes; was it changed outside the dataflow?");
            }

            _stream.SetLength(offset);
            _stream.Position = offset;
            _position = offset;
            _writer = new StreamWriter(_stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
    }

    public override void WriteBatch(IReadOnlyList<string> values)
    {
        foreach (var value in values)
        {
            if (value is null)
            {
                throw new ArgumentException($"{_sink} for `{_path}` got a null value; it writes strings only", nameof(values));
            }
        }

        try
        {
            foreach (var value in values)
            {
                _writer.Write(value);
                _writer.Write(_end);
            }

            _writer.Flush();
        }
        catch (IOException e)
        {
            throw new IOException($"cannot write file `{_path}`: {e.Message}", e);
        }

        _position = _stream.Position;
    }

    public override long Snapshot()
    {
        try
        {
            _stream.Flush(flushToDisk: true);
        }
        catch (IOException e)
        {
            throw new IOException($"cannot sync file `{_path}` to disk: {e.Message}", e);
        }

        return _position;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _writer.Dispose();
        }
    }
}
