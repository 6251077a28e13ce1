using Orleans.Dataflow.Connectors;

namespace Orleans.Dataflow.Abstractions.Tests.Connectors;

/// <summary>The partitions of <see cref="DirSink"/>: one file each, keys assigned to files, resume by truncation.</summary>
public sealed class DirSinkTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ListParts_DefaultNamer_NamesFilesPartUnderscoreIndex()
    {
        var sink = new DirSink(_temp.Path, 3);

        Assert.Equal(["part_0", "part_1", "part_2"], sink.ListParts());
    }

    [Fact]
    public void PartFor_AssignedFile_IsThatFilesIndexAmongTheSortedNames()
    {
        var sink = new DirSink(_temp.Path, 12, assignFile: key => int.Parse(key, System.Globalization.CultureInfo.InvariantCulture));
        var sorted = sink.ListParts().Order(StringComparer.Ordinal).ToList();

        Assert.Equal("part_10", sorted[sink.PartFor("10")]);
        Assert.Equal("part_2", sorted[sink.PartFor("2")]);
        Assert.Equal("part_1", sorted[sink.PartFor("13")]);
        Assert.Equal("part_11", sorted[sink.PartFor("-1")]);
    }

    [Fact]
    public void PartFor_DefaultAssignment_SameKeySameFileAndEveryFileUsed()
    {
        var sink = new DirSink(_temp.Path, 4);
        var keys = Enumerable.Range(0, 200).Select(i => $"user-{i}").ToList();

        var parts = keys.Select(sink.PartFor).ToList();

        Assert.Equal(parts, keys.Select(new DirSink(_temp.Path, 4).PartFor));
        Assert.Equal([0, 1, 2, 3], parts.Distinct().Order());
    }

    [Fact]
    public void BuildPart_MissingDirectory_CreatesItAndWritesLines()
    {
        var directory = System.IO.Path.Combine(_temp.Path, "out", "nested");
        var sink = new DirSink(directory, 2, end: ";");

        using (var partition = sink.BuildPart("test.out", "part_1", 0))
        {
            partition.WriteBatch(["a", "b"]);
        }

        Assert.Equal("a;b;", File.ReadAllText(System.IO.Path.Combine(directory, "part_1")));
    }

    [Fact]
    public void BuildPart_ResumeFromSnapshot_TruncatesWritesAfterSnapshotInEachFile()
    {
        var sink = new DirSink(_temp.Path, 2);
        long first;
        long second;
        using (var zero = sink.BuildPart("test.out", "part_0", 0))
        using (var one = sink.BuildPart("test.out", "part_1", 0))
        {
            zero.WriteBatch(["z1"]);
            one.WriteBatch(["o1", "o2"]);
            first = zero.Snapshot();
            second = one.Snapshot();
            zero.WriteBatch(["lost"]);
            one.WriteBatch(["lost"]);
        }

        using (var zero = sink.BuildPart("test.out", "part_0", first))
        using (var one = sink.BuildPart("test.out", "part_1", second))
        {
            zero.WriteBatch(["z2"]);
            one.WriteBatch(["o3"]);
        }

        Assert.Equal("z1\nz2\n", File.ReadAllText(_temp.File("part_0")));
        Assert.Equal("o1\no2\no3\n", File.ReadAllText(_temp.File("part_1")));
    }

    [Fact]
    public void BuildPart_UnknownFile_ThrowsNamingTheSinksFiles()
    {
        var sink = new DirSink(_temp.Path, 2);

        var error = Assert.Throws<ArgumentException>(() => sink.BuildPart("test.out", "part_7", 0));

        Assert.Contains("part_7", error.Message, StringComparison.Ordinal);
        Assert.Contains("part_0, part_1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RepeatedFileName_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => new DirSink(_temp.Path, 3, fileNamer: (i, _) => i == 2 ? "part_0" : $"part_{i}"));

        Assert.Contains("`part_0` is the name of 2 files", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_FileNameWithDirectorySeparator_ThrowsNamingTheFile()
    {
        var error = Assert.Throws<ArgumentException>(() => new DirSink(_temp.Path, 2, fileNamer: (i, _) => $"sub/{i}"));

        Assert.Contains("file 0 is `sub/0`", error.Message, StringComparison.Ordinal);
    }
}
