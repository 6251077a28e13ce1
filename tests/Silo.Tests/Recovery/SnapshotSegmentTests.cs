using Orleans.Dataflow.Silo.Recovery;

namespace Orleans.Dataflow.Silo.Tests.Recovery;

/// <summary>The bytes of a stored snapshot segment are a fixed format: recovery directories written today must read tomorrow.</summary>
public sealed class SnapshotSegmentTests
{
    [Fact]
    public void Write_StateAndTombstone_IsCountThenKeyLengthKeyStateLengthState()
    {
        var bytes = SnapshotSegment.Write([("ab", [7, 8]), ("é", null)]);

        Assert.Equal(Convert.FromHexString(
            "02000000" // two snapshots
            + "02000000" + "6162" + "02000000" + "0708" // "ab" -> [7, 8]
            + "02000000" + "C3A9" + "FFFFFFFF"), // "é" (UTF-8) -> tombstone
            bytes);
    }

    [Fact]
    public void Read_WhatWriteWrote_GivesTheSnapshotsInOrder()
    {
        var read = new List<(string, byte[]?)>();

        SnapshotSegment.Read(SnapshotSegment.Write([("k", []), ("k", [1]), ("", null)]), (string key, byte[]? state) => read.Add((key, state)));

        Assert.Equal([("k", []), ("k", [1]), ("", null)], read, (a, b) => a.Item1 == b.Item1 && (a.Item2 ?? [9]).SequenceEqual(b.Item2 ?? [9]) && (a.Item2 is null) == (b.Item2 is null));
    }

    [Theory]
    [InlineData("0200000002000000616202000000")] // cut inside the first state
    [InlineData("01000000010000006100000000FF")] // a byte after the last snapshot
    [InlineData("0100000005000000")] // a key longer than what is left
    public void Read_DamagedBytes_ThrowsInvalidData(string hex)
    {
        Assert.Throws<InvalidDataException>(() => SnapshotSegment.Read(Convert.FromHexString(hex), (string _, byte[]? _) => { }));
    }
}
