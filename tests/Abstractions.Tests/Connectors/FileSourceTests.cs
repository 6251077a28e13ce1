using System.Text;
using Orleans.Dataflow.Connectors;
using Orleans.Dataflow.Plan;
using static Orleans.Dataflow.Abstractions.Tests.Connectors.PartitionDriver;

namespace Orleans.Dataflow.Abstractions.Tests.Connectors;

public sealed class FileSourceTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void FileSource_PartitionFile_EmitsEveryLineWithoutNewline()
    {
        var path = Path.Combine(ConnectorFixtures.WriteDirInput(_temp), "partition-1.txt");
        var source = new FileSource(path);

        using var partition = source.BuildPart("test.inp", source.ListParts().Single(), 0);

        Assert.Equal(["one1", "one2", "one3", "one4", "one5", "one6"], Drain(partition));
    }

    [Fact]
    public void FileSource_BlankLines_GiveEmptyStrings()
    {
        var path = _temp.Write("blank-lines.txt", ConnectorFixtures.BlankLines);
        var source = new FileSource(path);

        using var partition = source.BuildPart("test.inp", path, 0);

        Assert.Equal(ConnectorFixtures.BlankLinesItems, Drain(partition));
    }

    [Fact]
    public void FileSource_ResumeFromSnapshot_ContinuesAfterLastLine()
    {
        var path = Path.Combine(ConnectorFixtures.WriteDirInput(_temp), "partition-1.txt");
        var source = new FileSource(path, batchSize: 1);

        long snapshot;
        using (var first = source.BuildPart("test.inp", path, 0))
        {
            Assert.Equal(["one1"], Next(first).Batch);
            Assert.Equal(["one2"], Next(first).Batch);
            snapshot = first.Snapshot();
            Assert.Equal(["one3"], Next(first).Batch);
            Assert.Equal(["one4"], Next(first).Batch);
        }

        using var resumed = source.BuildPart("test.inp", path, snapshot);
        Assert.Equal(snapshot, resumed.Snapshot());
        Assert.Equal([["one3"], ["one4"], ["one5"], ["one6"], []], Batches(resumed));
    }

    [Fact]
    public void FileSource_Snapshot_IsByteOffsetAfterLastLine()
    {
        var path = _temp.Write("utf8.txt", "héllo\nwörld\n");
        var source = new FileSource(path, batchSize: 1);
        using var partition = source.BuildPart("test.inp", path, 0);

        Assert.Equal(0, partition.Snapshot());
        Assert.Equal(["héllo"], Next(partition).Batch);
        Assert.Equal(Encoding.UTF8.GetByteCount("héllo\n"), partition.Snapshot());
        Assert.Equal(["wörld"], Next(partition).Batch);
        Assert.Equal(new FileInfo(path).Length, partition.Snapshot());
        Assert.False(Next(partition).More);
        Assert.Equal(new FileInfo(path).Length, partition.Snapshot());
    }

    [Fact]
    public void FileSource_CrLfLineEnds_AreStripped()
    {
        var path = _temp.Write("crlf.txt", "a\r\n\r\nb\r\nc");
        var source = new FileSource(path);

        using var partition = source.BuildPart("test.inp", path, 0);

        Assert.Equal(["a", "", "b", "c"], Drain(partition));
    }

    [Fact]
    public void FileSource_LastLineWithoutNewline_IsEmitted()
    {
        var path = _temp.Write("last.txt", "first\nlast");
        var source = new FileSource(path);

        using var partition = source.BuildPart("test.inp", path, 0);

        Assert.Equal(["first", "last"], Drain(partition));
        Assert.Equal(10, partition.Snapshot());
    }

    [Fact]
    public void FileSource_BatchSize_LimitsLinesPerBatch()
    {
        var path = Path.Combine(ConnectorFixtures.WriteDirInput(_temp), "partition-2.txt");
        var source = new FileSource(path, batchSize: 4);

        using var partition = source.BuildPart("test.inp", path, 0);

        Assert.Equal([["two1", "two2", "two3", "two4"], ["two5", "two6"]], Batches(partition));
    }

    [Fact]
    public void FileSource_EmptyFile_EndsAtOnce()
    {
        var path = _temp.Write("empty.txt", "");
        var source = new FileSource(path);

        using var partition = source.BuildPart("test.inp", path, 0);

        Assert.Equal([[]], Batches(partition));
        Assert.Equal(0, partition.Snapshot());
    }

    [Fact]
    public void FileSource_ByteOrderMark_IsSkipped()
    {
        var path = _temp.Write("bom.txt", [0xEF, 0xBB, 0xBF, (byte)'a', (byte)'\n', (byte)'b']);
        var source = new FileSource(path);

        using var partition = source.BuildPart("test.inp", path, 0);

        Assert.Equal(["a", "b"], Drain(partition));
    }

    [Fact]
    public void FileSource_LargeFileWithNonAsciiLines_MatchesReadAllLinesAcrossBlocks()
    {
        // Several MiB, so lines and multi-byte characters straddle the reader's block boundaries.
        var lines = Enumerable.Range(0, 150_000).Select(i => $"línea {i} ☃ 𝄞 {new string('x', i % 37)}").ToArray();
        var path = _temp.Write("large.txt", string.Join("\n", lines) + "\n");
        var source = new FileSource(path, batchSize: 997);

        using var partition = source.BuildPart("test.inp", path, 0);

        Assert.Equal(lines, Drain(partition));
    }

    [Fact]
    public void FileSource_LineLongerThanBlock_IsReadWhole()
    {
        var longLine = new string('é', 3_000_000);
        var path = _temp.Write("long.txt", $"short\n{longLine}\nend");
        var source = new FileSource(path);

        using var partition = source.BuildPart("test.inp", path, 0);

        Assert.Equal(["short", longLine, "end"], Drain(partition));
    }

    [Fact]
    public void FileSource_ResumeInLargeFile_ContinuesAtSameLine()
    {
        var lines = Enumerable.Range(0, 50_000).Select(i => $"ligne {i} ü").ToArray();
        var path = _temp.Write("large.txt", string.Join("\r\n", lines));
        var source = new FileSource(path, batchSize: 1000);

        var read = new List<string>();
        long snapshot;
        using (var first = source.BuildPart("test.inp", path, 0))
        {
            for (var i = 0; i < 23; i++)
            {
                read.AddRange(Next(first).Batch);
            }

            snapshot = first.Snapshot();
        }

        using var resumed = source.BuildPart("test.inp", path, snapshot);
        read.AddRange(Drain(resumed));

        Assert.Equal(lines, read);
    }

    [Fact]
    public void FileSource_ListParts_IsTheFullPath_AndAMissingFileIsAnErrorNamingIt()
    {
        var path = _temp.File("later.txt");
        var source = new FileSource(Path.GetRelativePath(Environment.CurrentDirectory, path));

        var missing = Assert.Throws<FileNotFoundException>(() => source.ListParts());
        Assert.Equal($"input file `{Path.GetFullPath(path)}` does not exist", missing.Message);
        File.WriteAllText(path, "x\n");
        Assert.Equal([Path.GetFullPath(path)], source.ListParts());
        Assert.Equal(Path.GetFullPath(path), source.Path);
    }

    [Fact]
    public void FileSource_MissingFile_ThrowsIOExceptionNamingFile()
    {
        var path = _temp.File("missing.txt");
        var source = new FileSource(path);

        var error = Assert.Throws<IOException>(() => source.BuildPart("test.inp", path, 0));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileSource_ResumeBeyondEndOfFile_ThrowsIOExceptionNamingFile()
    {
        var path = _temp.Write("short.txt", "a\n");
        var source = new FileSource(path);

        var error = Assert.Throws<IOException>(() => source.BuildPart("test.inp", path, 100));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileSource_InvalidUtf8_ThrowsInvalidDataExceptionNamingFile()
    {
        var path = _temp.Write("bad.txt", [(byte)'o', (byte)'k', (byte)'\n', 0xC3, 0x28, (byte)'\n']);
        var source = new FileSource(path, batchSize: 1);
        using var partition = source.BuildPart("test.inp", path, 0);

        Assert.Equal(["ok"], Next(partition).Batch);
        var error = Assert.Throws<InvalidDataException>(() => Next(partition));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("byte 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileSource_OtherPartitionName_Throws()
    {
        var path = _temp.Write("a.txt", "a\n");
        var source = new FileSource(path);

        var error = Assert.Throws<ArgumentException>(() => source.BuildPart("test.inp", _temp.File("b.txt"), 0));

        Assert.Contains("different file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileSource_ResumeThroughEngineInterface_RoundTripsSnapshotBytes()
    {
        var path = _temp.Write("a.txt", "a\nb\nc\n");
        IPartitionedSource<string> source = new FileSource(path, batchSize: 1);

        byte[]? snapshot;
        using (var first = source.BuildPart("test.inp", path, null))
        {
            first.NextBatch([]);
            snapshot = first.Snapshot();
        }

        Assert.Equal(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0 }, snapshot);
        using var resumed = source.BuildPart("test.inp", path, snapshot);
        var rest = new List<string>();
        while (resumed.NextBatch(rest))
        {
        }

        Assert.Equal(["b", "c"], rest);
    }

    [Fact]
    public void FileSource_Dispose_ReleasesTheFile()
    {
        var path = _temp.Write("a.txt", "a\nb\n");
        var source = new FileSource(path, batchSize: 1);
        var partition = source.BuildPart("test.inp", path, 0);
        Next(partition);

        partition.Dispose();

        // Opening for exclusive write fails on platforms that lock open files if the reader leaked its handle.
        using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
        }
    }
}
