using Orleans.Dataflow.Connectors;
using static Orleans.Dataflow.Abstractions.Tests.Connectors.PartitionDriver;

namespace Orleans.Dataflow.Abstractions.Tests.Connectors;

public sealed class DirSourceTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void DirSource_SeveralFiles_ReadsEveryLineOfEveryFile()
    {
        var dir = ConnectorFixtures.WriteDirInput(_temp);
        var source = new DirSource(dir);

        var items = new List<string>();
        foreach (var part in source.ListParts())
        {
            using var partition = source.BuildPart("test.inp", part, 0);
            items.AddRange(Drain(partition));
        }

        Assert.Contains("one1", items);
        Assert.Contains("two1", items);
        Assert.Contains("three1", items);
        Assert.Contains("four1", items);
        Assert.Contains("five1", items);
        var expected = ConnectorFixtures.PartitionPrefixes.SelectMany(ConnectorFixtures.PartitionLines).Order(StringComparer.Ordinal);
        Assert.Equal(expected, items.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DirSource_EachPartition_ReadsOneFileInOrder()
    {
        var dir = ConnectorFixtures.WriteDirInput(_temp);
        var source = new DirSource(dir, batchSize: 2);

        using var partition = source.BuildPart("test.inp", "partition-3.txt", 0);

        Assert.Equal([["three1", "three2"], ["three3", "three4"], ["three5", "three6"], []], Batches(partition));
    }

    [Fact]
    public void DirSource_ListParts_AreSortedPathsRelativeToDirectory()
    {
        var dir = ConnectorFixtures.WriteDirInput(_temp);
        var source = new DirSource(dir);

        Assert.Equal(
            ["partition-1.txt", "partition-2.txt", "partition-3.txt", "partition-4.txt", "partition-5.txt"],
            source.ListParts());
    }

    [Fact]
    public void DirSource_Glob_MatchesOnlyTopLevelFilesWithPattern()
    {
        _temp.Write("in/a.txt", "a\n");
        _temp.Write("in/b.txt", "b\n");
        _temp.Write("in/c.csv", "c\n");
        _temp.Write("in/sub/d.txt", "d\n");
        _temp.Write("in/.hidden.txt", "h\n");

        Assert.Equal(["a.txt", "b.txt"], new DirSource(_temp.File("in"), "*.txt").ListParts());
        Assert.Equal(["a.txt", "b.txt", "c.csv"], new DirSource(_temp.File("in")).ListParts());
    }

    [Fact]
    public void DirSource_ResumeFromSnapshot_ContinuesAfterLastLine()
    {
        var dir = ConnectorFixtures.WriteDirInput(_temp);
        var source = new DirSource(dir, batchSize: 1);

        long snapshot;
        using (var first = source.BuildPart("test.inp", "partition-4.txt", 0))
        {
            Assert.Equal(["four1"], Next(first).Batch);
            Assert.Equal(["four2"], Next(first).Batch);
            snapshot = first.Snapshot();
            Assert.Equal(["four3"], Next(first).Batch);
        }

        using var resumed = source.BuildPart("test.inp", "partition-4.txt", snapshot);
        Assert.Equal(snapshot, resumed.Snapshot());
        Assert.Equal(["four3", "four4", "four5", "four6"], Drain(resumed));
    }

    [Fact]
    public void DirSource_MissingDirectory_ThrowsDoesNotExist()
    {
        var dir = _temp.File("nope");

        var error = Assert.Throws<ArgumentException>(() => new DirSource(dir));

        Assert.StartsWith($"input directory `{dir}` does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DirSource_DirectoryGoneWhenTheRunListsPartitions_ThrowsNamingIt()
    {
        var dir = _temp.File("gone");
        Directory.CreateDirectory(dir);
        var source = new DirSource(dir);
        Directory.Delete(dir);

        var error = Assert.Throws<DirectoryNotFoundException>(() => source.ListParts());

        Assert.Equal($"input directory `{dir}` does not exist", error.Message);
    }

    [Fact]
    public void DirSource_PathIsAFile_ThrowsIsNotADirectory()
    {
        var file = _temp.Write("file.txt", "x\n");

        var error = Assert.Throws<ArgumentException>(() => new DirSource(file));

        Assert.StartsWith($"input directory `{file}` is not a directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DirSource_PartitionOutsideDirectory_Throws()
    {
        var dir = ConnectorFixtures.WriteDirInput(_temp);
        _temp.Write("secret.txt", "s\n");
        var source = new DirSource(dir);

        Assert.Throws<ArgumentException>(() => source.BuildPart("test.inp", "../secret.txt", 0));
    }
}
