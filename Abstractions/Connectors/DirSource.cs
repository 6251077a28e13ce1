using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Connectors;

/// <summary>Reads every file of a directory that matches a pattern, line by line, one partition per file, so files are read in parallel.</summary>
/// <remarks>
/// <para>
/// Partitions are named by the file's path relative to the directory. Only files directly in the directory
/// are matched (not subdirectories); the pattern is a .NET search pattern (<c>*</c> and <c>?</c> wildcards,
/// e.g. <c>*.txt</c>) and, like a shell glob, skips hidden files. Each file is read by one worker; lines of
/// different files interleave. (Bytewax prefixes names with a file-system id; this source does not.)
/// </para>
/// <para>
/// Each file is read exactly as <see cref="FileSource"/> reads its file: lines without "\n" / "\r\n", UTF-8,
/// snapshot = byte offset after the last line emitted, resume seeks there.
/// </para>
/// </remarks>
public sealed class DirSource : FixedPartitionedSource<string, long>
{
    private readonly string _directory;
    private readonly string _glob;
    private readonly int _batchSize;

    /// <summary>Creates a source over the files of <paramref name="directory"/> matching <paramref name="glob"/>, in batches of up to <paramref name="batchSize"/> lines.</summary>
    /// <exception cref="ArgumentException">"input directory `…` does not exist" or "input directory `…` is not a directory".</exception>
    public DirSource(string directory, string glob = "*", int batchSize = 1000)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(glob);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (!Directory.Exists(directory))
        {
            var problem = File.Exists(directory) ? "is not a directory" : "does not exist";
            throw new ArgumentException($"input directory `{directory}` {problem}", nameof(directory));
        }

        _directory = Path.GetFullPath(directory);
        _glob = glob;
        _batchSize = batchSize;
    }

    /// <inheritdoc/>
    /// <remarks>The matching files' paths relative to the directory, sorted ordinally; listed again at every call.</remarks>
    /// <exception cref="DirectoryNotFoundException">The directory is gone since the source was created.</exception>
    public override IReadOnlyList<string> ListParts()
    {
        if (!Directory.Exists(_directory))
        {
            throw new DirectoryNotFoundException($"input directory `{_directory}` does not exist");
        }

        var options = new EnumerationOptions { MatchType = MatchType.Simple, RecurseSubdirectories = false };
        var parts = Directory.EnumerateFiles(_directory, _glob, options)
            .Select(file => Path.GetRelativePath(_directory, file))
            .ToList();
        parts.Sort(StringComparer.Ordinal);
        return parts;
    }

    /// <inheritdoc/>
    /// <remarks>Opens the file <paramref name="forPart"/> of the directory at byte <paramref name="resumeState"/> (0 on a first run).</remarks>
    /// <exception cref="ArgumentException"><paramref name="forPart"/> names a path outside the directory.</exception>
    public override StatefulSourcePartition<string, long> BuildPart(string stepId, string forPart, long resumeState)
    {
        ArgumentException.ThrowIfNullOrEmpty(forPart);
        var path = Path.GetFullPath(Path.Combine(_directory, forPart));
        var relative = Path.GetRelativePath(_directory, path);
        if (Path.IsPathRooted(relative) || relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"partition `{forPart}` is not a file in input directory `{_directory}`", nameof(forPart));
        }

        return new LinePartition(path, resumeState, _batchSize);
    }
}
