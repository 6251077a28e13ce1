using Orleans.Dataflow.Outputs;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Connectors;

/// <summary>Writes the values of a keyed stream to a fixed number of text files in a directory, one line per value, each key always to the same file; a resumed run cuts off what a crashed one wrote after its last snapshot (Bytewax's <c>DirSink</c>).</summary>
/// <remarks>
/// <para>
/// One partition per file, named by <c>fileNamer(i, fileCount)</c> (default <c>part_{i}</c>), spread over the
/// workers, so several workers write at once. A key goes to file <c>assignFile(key)</c> modulo the file count
/// (default: a stable hash of the key, the same in every process and run), so all values of a key are in one
/// file, in the order they were written. The directory is created if missing.
/// </para>
/// <para>
/// Each file is written as <see cref="FileSink"/> writes its one file: UTF-8 without byte order mark, each value
/// followed by the end string, flushed per batch, synced to disk at each snapshot; its snapshot is its byte offset,
/// and a resumed run truncates it there, so the files end up byte for byte as after an uninterrupted run. A fresh
/// run replaces the files' old contents. Errors name the file.
/// </para>
/// </remarks>
public sealed class DirSink : FixedPartitionedSink<string, long>
{
    private readonly string _directory;
    private readonly string _end;
    private readonly string[] _names;
    private readonly int[] _sortedIndexOf;
    private readonly Func<string, int>? _assignFile;

    /// <summary>Creates a sink writing <paramref name="fileCount"/> files into <paramref name="directory"/>.</summary>
    /// <param name="directory">Where the files go; created if missing.</param>
    /// <param name="fileCount">How many files (partitions) to write.</param>
    /// <param name="end">What follows each value in its file.</param>
    /// <param name="fileNamer">The name of file <c>i</c> of <c>n</c>; default <c>part_{i}</c>. Names must be distinct plain file names.</param>
    /// <param name="assignFile">The file number a key is written to, taken modulo <paramref name="fileCount"/>; default a stable hash of the key.</param>
    /// <exception cref="ArgumentException">A file name is empty, holds a directory separator, or repeats another.</exception>
    public DirSink(string directory, int fileCount, string end = "\n", Func<int, int, string>? fileNamer = null, Func<string, int>? assignFile = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fileCount);
        ArgumentNullException.ThrowIfNull(end);
        _directory = System.IO.Path.GetFullPath(directory);
        _end = end;
        _assignFile = assignFile;
        var namer = fileNamer ?? ((i, _) => $"part_{i}");
        _names = Enumerable.Range(0, fileCount).Select(i => CheckedName(namer(i, fileCount), i)).ToArray();
        if (_names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            throw new ArgumentException($"DirSink file names must be distinct: `{repeated.Key}` is the name of {repeated.Count()} files", nameof(fileNamer));
        }

        // Partition indexes count in the sorted names (the engine's order), file numbers in the namer's.
        var sorted = _names.Order(StringComparer.Ordinal).ToList();
        _sortedIndexOf = _names.Select(n => sorted.IndexOf(n)).ToArray();
    }

    /// <summary>The full path of the directory the files are written to.</summary>
    public string Directory => _directory;

    /// <summary>The file names, file <c>i</c> at index <c>i</c>.</summary>
    public IReadOnlyList<string> FileNames => _names;

    /// <inheritdoc/>
    /// <remarks>The file names.</remarks>
    public override IReadOnlyList<string> ListParts() => _names;

    /// <inheritdoc/>
    /// <remarks>The file <c>assignFile(key)</c> (or the key's stable hash) modulo the file count, as an index into the sorted names.</remarks>
    public override int PartFor(string key)
    {
        var file = _assignFile is { } assign ? assign(key) : (int)(StableHash.Of(key) & int.MaxValue);
        file %= _names.Length;
        return _sortedIndexOf[file < 0 ? file + _names.Length : file];
    }

    /// <inheritdoc/>
    /// <remarks>Creates the directory if missing, opens or creates the file and truncates it to <paramref name="resumeState"/> bytes (0 on a fresh run).</remarks>
    /// <exception cref="ArgumentException"><paramref name="forPart"/> is not one of this sink's files.</exception>
    /// <exception cref="IOException">The directory or file cannot be made or opened, or the file is shorter than <paramref name="resumeState"/>.</exception>
    public override StatefulSinkPartition<string, long> BuildPart(string stepId, string forPart, long resumeState)
    {
        if (!_names.Contains(forPart, StringComparer.Ordinal))
        {
            throw new ArgumentException($"can't resume writing file `{forPart}`: this DirSink writes {_names.Length} files ({string.Join(", ", _names.Take(5))}{(_names.Length > 5 ? ", …" : string.Empty)}) into `{_directory}`", nameof(forPart));
        }

        try
        {
            System.IO.Directory.CreateDirectory(_directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new IOException($"cannot create the output directory `{_directory}`: {e.Message}", e);
        }

        return new LineFilePartition(System.IO.Path.Combine(_directory, forPart), _end, resumeState, "DirSink");
    }

    private static string CheckedName(string? name, int file)
    {
        if (string.IsNullOrEmpty(name) || name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
        {
            throw new ArgumentException($"DirSink's name of file {file} is `{name}`: a file name needs at least one character and no directory separator", "fileNamer");
        }

        return name;
    }
}
