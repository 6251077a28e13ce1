using Orleans.Dataflow.Outputs;

namespace Orleans.Dataflow.Connectors;

/// <summary>Writes the values of a keyed stream to one text file, one per line; a resumed run cuts off what a crashed one wrote after its last snapshot.</summary>
/// <remarks>
/// <para>
/// One partition, named by the file's full path, so one worker writes every value; the key of each item is
/// ignored (<see cref="PartFor"/> is always 0). Each value is written as UTF-8 (no byte order mark) followed by
/// the end string. After every batch the file is flushed to the operating system; at every snapshot (epoch
/// close) it is also synced to disk, so a snapshotted offset is never past what the disk holds.
/// </para>
/// <para>
/// The snapshot is the byte offset after the last write. When the partition is built (when the worker that owns
/// it starts) the file is opened, created if missing, truncated to the resume offset (0 on a fresh run, so a
/// fresh run replaces the file's old contents) and appended to from there. So once a run resumes from a
/// snapshot (recovery), whatever a crashed run wrote after that snapshot is cut off, and the output is byte for
/// byte the output of an uninterrupted run: exactly-once output, where other sinks give at-least-once.
/// </para>
/// <para>
/// The directory must exist. Errors name the file: an <see cref="IOException"/> when it cannot be opened or is
/// shorter than the resume offset (it was changed outside the flow), an <see cref="ArgumentException"/> for a
/// null value.
/// </para>
/// </remarks>
public sealed class FileSink : FixedPartitionedSink<string, long>
{
    private readonly string _path;
    private readonly string _end;

    /// <summary>Creates a sink writing to <paramref name="path"/>, each value followed by <paramref name="end"/>.</summary>
    public FileSink(string path, string end = "\n")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(end);
        _path = System.IO.Path.GetFullPath(path);
        _end = end;
    }

    /// <summary>The full path of the file written, which is also the name of the single partition.</summary>
    public string Path => _path;

    /// <inheritdoc/>
    /// <remarks>The file's full path, on every worker.</remarks>
    public override IReadOnlyList<string> ListParts() => [_path];

    /// <inheritdoc/>
    /// <remarks>Always 0: there is one partition.</remarks>
    public override int PartFor(string key) => 0;

    /// <inheritdoc/>
    /// <remarks>Opens or creates the file and truncates it to <paramref name="resumeState"/> bytes (0 on a fresh run).</remarks>
    /// <exception cref="ArgumentException"><paramref name="forPart"/> is not this file's path.</exception>
    /// <exception cref="IOException">The file cannot be opened, or is shorter than <paramref name="resumeState"/>.</exception>
    public override StatefulSinkPartition<string, long> BuildPart(string stepId, string forPart, long resumeState)
    {
        if (!string.Equals(forPart, _path, StringComparison.Ordinal))
        {
            throw new ArgumentException($"can't resume writing to a different file: this sink writes `{_path}`, not `{forPart}`", nameof(forPart));
        }

        return new LineFilePartition(_path, _end, resumeState, "FileSink");
    }
}
