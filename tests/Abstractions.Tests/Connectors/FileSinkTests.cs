using System.Text;
using Orleans.Dataflow.Connectors;
using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Abstractions.Tests.Connectors;

public sealed class FileSinkTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void FileSink_Values_WrittenEachFollowedByNewline()
    {
        var path = _temp.File("out.txt");
        var sink = new FileSink(path);

        using (var partition = sink.BuildPart("test.out", sink.ListParts().Single(), 0))
        {
            partition.WriteBatch(["1", "2"]);
            partition.WriteBatch(["3"]);
        }

        Assert.Equal(["1\n", "2\n", "3\n"], SplitKeepingEnds(File.ReadAllText(path)));
    }

    [Fact]
    public void FileSink_ResumeFromSnapshot_TruncatesWritesAfterSnapshot()
    {
        var path = _temp.File("out.txt");
        var sink = new FileSink(path);

        long snapshot;
        using (var first = sink.BuildPart("test.out", path, 0))
        {
            first.WriteBatch(["one1", "one2", "one3"]);
            snapshot = first.Snapshot();
            first.WriteBatch(["one4"]);
        }

        using (var resumed = sink.BuildPart("test.out", path, snapshot))
        {
            Assert.Equal(snapshot, resumed.Snapshot());
            resumed.WriteBatch(["two4", "two5"]);
        }

        Assert.Equal("one1\none2\none3\ntwo4\ntwo5\n", File.ReadAllText(path));
    }

    [Fact]
    public void FileSink_ResumedRun_IsByteIdenticalToUninterruptedRun()
    {
        var batches = new[] { new[] { "α", "β" }, ["γ"], ["δ", "ε", "ζ"], ["η"] };
        var straight = _temp.File("straight.txt");
        var crashed = _temp.File("crashed.txt");

        var straightSink = new FileSink(straight, end: "|\r\n");
        using (var partition = straightSink.BuildPart("test.out", straight, 0))
        {
            foreach (var batch in batches)
            {
                partition.WriteBatch(batch);
            }
        }

        var crashedSink = new FileSink(crashed, end: "|\r\n");
        long snapshot;
        using (var first = crashedSink.BuildPart("test.out", crashed, 0))
        {
            first.WriteBatch(batches[0]);
            first.WriteBatch(batches[1]);
            snapshot = first.Snapshot();
            first.WriteBatch(batches[2]);
        }

        using (var resumed = crashedSink.BuildPart("test.out", crashed, snapshot))
        {
            resumed.WriteBatch(batches[2]);
            resumed.WriteBatch(batches[3]);
        }

        Assert.Equal(File.ReadAllBytes(straight), File.ReadAllBytes(crashed));
    }

    [Fact]
    public void FileSink_FreshRun_TruncatesExistingFile()
    {
        var path = _temp.Write("out.txt", "old contents that are longer\n");
        var sink = new FileSink(path);

        using (var partition = sink.BuildPart("test.out", path, 0))
        {
            partition.WriteBatch(["new"]);
        }

        Assert.Equal("new\n", File.ReadAllText(path));
    }

    [Fact]
    public void FileSink_Build_CreatesMissingFile()
    {
        var path = _temp.File("created.txt");
        var sink = new FileSink(path);

        using (sink.BuildPart("test.out", path, 0))
        {
        }

        Assert.True(File.Exists(path));
        Assert.Equal(0, new FileInfo(path).Length);
    }

    [Fact]
    public void FileSink_CustomEnd_FollowsEveryValue()
    {
        var path = _temp.File("out.txt");
        var sink = new FileSink(path, end: ";");

        using (var partition = sink.BuildPart("test.out", path, 0))
        {
            partition.WriteBatch(["a", "b", ""]);
        }

        Assert.Equal("a;b;;", File.ReadAllText(path));
    }

    [Fact]
    public void FileSink_Snapshot_IsByteOffsetAfterLastWrite()
    {
        var path = _temp.File("out.txt");
        var sink = new FileSink(path);
        using var partition = sink.BuildPart("test.out", path, 0);

        Assert.Equal(0, partition.Snapshot());
        partition.WriteBatch(["héllo", "☃"]);

        Assert.Equal(Encoding.UTF8.GetByteCount("héllo\n☃\n"), partition.Snapshot());
        Assert.Equal(partition.Snapshot(), new FileInfo(path).Length);
    }

    [Fact]
    public void FileSink_WrittenBytes_AreUtf8WithoutByteOrderMark()
    {
        var path = _temp.File("out.txt");
        var sink = new FileSink(path);

        using (var partition = sink.BuildPart("test.out", path, 0))
        {
            partition.WriteBatch(["é"]);
        }

        Assert.Equal(new byte[] { 0xC3, 0xA9, (byte)'\n' }, File.ReadAllBytes(path));
    }

    [Fact]
    public void FileSink_Partitions_AreOneFullPathAndEveryKeyGoesToIt()
    {
        var path = _temp.File("out.txt");
        var sink = new FileSink(Path.GetRelativePath(Environment.CurrentDirectory, path));

        Assert.Equal([path], sink.ListParts());
        Assert.Equal(0, sink.PartFor("a"));
        Assert.Equal(0, sink.PartFor("anything else"));
    }

    [Fact]
    public void FileSink_ResumeThroughEngineInterface_RoundTripsSnapshotBytes()
    {
        var path = _temp.File("out.txt");
        IPartitionedSink<string> sink = new FileSink(path);

        byte[]? snapshot;
        using (var first = sink.BuildPart("test.out", path, null))
        {
            first.WriteBatch(["a", "b"]);
            snapshot = first.Snapshot();
            first.WriteBatch(["lost"]);
        }

        Assert.Equal(new byte[] { 4, 0, 0, 0, 0, 0, 0, 0 }, snapshot);
        using (var resumed = sink.BuildPart("test.out", path, snapshot))
        {
            resumed.WriteBatch(["c"]);
        }

        Assert.Equal("a\nb\nc\n", File.ReadAllText(path));
    }

    [Fact]
    public void FileSink_ResumeBeyondEndOfFile_ThrowsIOExceptionNamingFile()
    {
        var path = _temp.Write("out.txt", "ab\n");
        var sink = new FileSink(path);

        var error = Assert.Throws<IOException>(() => sink.BuildPart("test.out", path, 10));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal("ab\n", File.ReadAllText(path));
    }

    [Fact]
    public void FileSink_MissingDirectory_ThrowsIOExceptionNamingFile()
    {
        var path = _temp.File("no/such/dir/out.txt");
        var sink = new FileSink(path);

        var error = Assert.Throws<IOException>(() => sink.BuildPart("test.out", path, 0));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileSink_NullValue_ThrowsBeforeWritingTheBatch()
    {
        var path = _temp.File("out.txt");
        var sink = new FileSink(path);
        using var partition = sink.BuildPart("test.out", path, 0);

        var error = Assert.Throws<ArgumentException>(() => partition.WriteBatch(["a", null!]));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, partition.Snapshot());
    }

    [Fact]
    public void FileSink_OtherPartitionName_Throws()
    {
        var sink = new FileSink(_temp.File("a.txt"));

        Assert.Throws<ArgumentException>(() => sink.BuildPart("test.out", _temp.File("b.txt"), 0));
    }

    private static List<string> SplitKeepingEnds(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return lines;
    }
}
