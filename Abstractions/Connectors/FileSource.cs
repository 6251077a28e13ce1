using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Connectors;

/// <summary>Reads one text file line by line, resuming after the last line read: the input of a word count or a log replay.</summary>
/// <remarks>
/// <para>
/// One partition, named by the file's full path; so one worker reads it. Every process of a cluster must see the
/// file at that path (the same file: processes compare what their sources list). A missing file is an error when
/// the run lists partitions, before any sink is opened: a mistyped path must not end a run with no input.
/// </para>
/// <para>
/// Items are the lines of the file, decoded as UTF-8, without their trailing "\n" or "\r\n"; a blank line gives
/// an empty string, and a last line without a newline is still emitted. A UTF-8 byte order mark at the start of
/// the file is skipped. A lone "\r" is not a line break. Batches hold up to the batch size of lines.
/// </para>
/// <para>
/// The snapshot is the byte offset just after the last line emitted; a resumed run opens the file, seeks there
/// and goes on with the next line. The partition ends at the end of the file as it was when reached; lines
/// appended later are not read.
/// </para>
/// <para>
/// Errors name the file: an <see cref="IOException"/> when it cannot be opened or read (or is shorter than the
/// resume offset), an <see cref="InvalidDataException"/> when a line is not valid UTF-8 or longer than 1 GiB (naming
/// the line and the limit).
/// </para>
/// </remarks>
public sealed class FileSource : FixedPartitionedSource<string, long>
{
    private readonly string _path;
    private readonly int _batchSize;

    /// <summary>Creates a source reading <paramref name="path"/> in batches of up to <paramref name="batchSize"/> lines.</summary>
    /// <remarks>The file need not exist yet when the source is created; it must exist when the run lists partitions.</remarks>
    public FileSource(string path, int batchSize = 1000)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _path = System.IO.Path.GetFullPath(path);
        _batchSize = batchSize;
    }

    /// <summary>The full path of the file read, which is also the name of the single partition.</summary>
    public string Path => _path;

    /// <inheritdoc/>
    /// <remarks>The full path of the file.</remarks>
    /// <exception cref="FileNotFoundException">The file does not exist (or is a directory): a run without its input would end at once and leave its sinks empty.</exception>
    public override IReadOnlyList<string> ListParts() => File.Exists(_path) ? [_path]
        : throw new FileNotFoundException($"input file `{_path}` {(Directory.Exists(_path) ? "is a directory" : "does not exist")}", _path);

    /// <inheritdoc/>
    /// <remarks>Opens the file at byte <paramref name="resumeState"/> (0 on a first run).</remarks>
    /// <exception cref="ArgumentException"><paramref name="forPart"/> is not this file's path (a snapshot of another file).</exception>
    public override StatefulSourcePartition<string, long> BuildPart(string stepId, string forPart, long resumeState)
    {
        if (!string.Equals(forPart, _path, StringComparison.Ordinal))
        {
            throw new ArgumentException($"can't resume reading from a different file: this source reads `{_path}`, not `{forPart}`", nameof(forPart));
        }

        return new LinePartition(_path, resumeState, _batchSize);
    }
}
