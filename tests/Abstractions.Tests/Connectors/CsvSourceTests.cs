using System.Text;
using Orleans.Dataflow.Connectors;
using static Orleans.Dataflow.Abstractions.Tests.Connectors.PartitionDriver;

namespace Orleans.Dataflow.Abstractions.Tests.Connectors;

public sealed class CsvSourceTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void CsvSource_MetricsFile_EmitsEachRowAsColumnToString()
    {
        var path = _temp.Write("metrics.csv", ConnectorFixtures.MetricsCsv);
        var source = new CsvSource(path);

        using var partition = source.BuildPart("test.inp", source.ListParts().Single(), 0);
        var rows = Drain(partition);

        var expected = ConnectorFixtures.MetricsRows.Select(r => new Dictionary<string, string?>
        {
            ["index"] = "0",
            ["timestamp"] = "2022-02-24 11:42:08",
            ["value"] = r.Value,
            ["instance"] = r.Instance,
        });
        Assert.Equal(expected, rows.Select(r => r.ToDictionary()));
        Assert.All(rows, r => Assert.Equal(["index", "timestamp", "value", "instance"], r.Keys));
    }

    [Fact]
    public void CsvSource_QuotedFields_HoldDelimitersDoubledQuotesAndNewlines()
    {
        var path = _temp.Write("quoted.csv", "a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\n\"\",plain,\"crlf\r\nkept\"\r\n");
        var source = new CsvSource(path);

        using var partition = source.BuildPart("test.inp", path, 0);
        var rows = Drain(partition);

        Assert.Equal(2, rows.Count);
        Assert.Equal("x,y", rows[0]["a"]);
        Assert.Equal("say \"hi\"", rows[0]["b"]);
        Assert.Equal("two\nlines", rows[0]["c"]);
        Assert.Equal(string.Empty, rows[1]["a"]);
        Assert.Equal("plain", rows[1]["b"]);
        Assert.Equal("crlf\r\nkept", rows[1]["c"]);
    }

    [Fact]
    public void CsvSource_QuotesOutsideQuotedFields_FollowPythonCsv()
    {
        var path = _temp.Write("quirks.csv", "a,b,c\nab\"c,\"ab\"c,\n");
        var source = new CsvSource(path);

        using var partition = source.BuildPart("test.inp", path, 0);
        var row = Assert.Single(Drain(partition));

        Assert.Equal("ab\"c", row["a"]);
        Assert.Equal("abc", row["b"]);
        Assert.Equal(string.Empty, row["c"]);
    }

    [Fact]
    public void CsvSource_EmptyRows_AreSkipped()
    {
        var path = _temp.Write("gaps.csv", "\na,b\n\n1,2\n\r\n\n3,4\n\n");
        var source = new CsvSource(path);

        using var partition = source.BuildPart("test.inp", path, 0);
        var rows = Drain(partition);

        Assert.Equal(["1", "3"], rows.Select(r => r["a"]));
        Assert.Equal(["2", "4"], rows.Select(r => r["b"]));
    }

    [Fact]
    public void CsvSource_ShortRow_FillsMissingColumnsWithNull()
    {
        var path = _temp.Write("short.csv", "a,b,c\n1\n1,2\n");
        var source = new CsvSource(path);

        using var partition = source.BuildPart("test.inp", path, 0);
        var rows = Drain(partition);

        Assert.Equal(new Dictionary<string, string?> { ["a"] = "1", ["b"] = null, ["c"] = null }, rows[0].ToDictionary());
        Assert.Equal(new Dictionary<string, string?> { ["a"] = "1", ["b"] = "2", ["c"] = null }, rows[1].ToDictionary());
    }

    [Fact]
    public void CsvSource_LongRow_ThrowsNamingFileAndLine()
    {
        var path = _temp.Write("long.csv", "a,b\n1,2\n\"multi\nline\",2\n1,2,3\n");
        var source = new CsvSource(path);
        using var partition = source.BuildPart("test.inp", path, 0);

        var error = Assert.Throws<InvalidDataException>(() => Drain(partition));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 5", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 fields", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvSource_UnterminatedQuoteAtEndOfFile_ThrowsNamingFileAndLine()
    {
        var path = _temp.Write("open.csv", "a,b\n1,2\n3,\"never\nclosed\n");
        var source = new CsvSource(path);
        using var partition = source.BuildPart("test.inp", path, 0);

        var error = Assert.Throws<InvalidDataException>(() => Drain(partition));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("not closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvSource_ResumeFromSnapshot_RereadsHeaderAndContinuesAfterLastRow()
    {
        var path = _temp.Write("metrics.csv", ConnectorFixtures.MetricsCsv);
        var source = new CsvSource(path, batchSize: 3);

        long snapshot;
        using (var first = source.BuildPart("test.inp", path, 0))
        {
            Assert.Equal(["24ae8d", "c6585a", "ac20cd"], Next(first).Batch.Select(r => r["instance"]));
            snapshot = first.Snapshot();
            Assert.Equal(3, Next(first).Batch.Count);
        }

        using var resumed = source.BuildPart("test.inp", path, snapshot);
        Assert.Equal(snapshot, resumed.Snapshot());
        var rest = Drain(resumed);

        Assert.Equal(ConnectorFixtures.MetricsRows.Skip(3).Select(r => r.Instance), rest.Select(r => r["instance"]));
        Assert.All(rest, r => Assert.Equal("0", r["index"]));
    }

    [Fact]
    public void CsvSource_Snapshot_IsByteOffsetAfterLastRow()
    {
        const string header = "name,city\n";
        const string row = "\"Zoë\",Köln\n";
        var path = _temp.Write("people.csv", header + row + row);
        var source = new CsvSource(path, batchSize: 1);
        using var partition = source.BuildPart("test.inp", path, 0);

        Assert.Equal(Encoding.UTF8.GetByteCount(header), partition.Snapshot());
        Assert.Equal("Zoë", Next(partition).Batch.Single()["name"]);
        Assert.Equal(Encoding.UTF8.GetByteCount(header + row), partition.Snapshot());
        Drain(partition);
        Assert.Equal(new FileInfo(path).Length, partition.Snapshot());
    }

    [Fact]
    public void CsvSource_CustomDelimiterAndQuote_AreUsed()
    {
        var path = _temp.Write("semi.csv", "a;b\n'x;y';'it''s'\n");
        var source = new CsvSource(path, delimiter: ';', quote: '\'');

        using var partition = source.BuildPart("test.inp", path, 0);
        var row = Assert.Single(Drain(partition));

        Assert.Equal("x;y", row["a"]);
        Assert.Equal("it's", row["b"]);
    }

    [Fact]
    public void CsvSource_HeaderOnly_EndsWithoutRows()
    {
        var path = _temp.Write("header.csv", "a,b\n");
        var source = new CsvSource(path);

        using var partition = source.BuildPart("test.inp", path, 0);

        Assert.Equal([[]], Batches(partition));
    }

    [Fact]
    public void CsvSource_EmptyFile_EndsWithoutRows()
    {
        var path = _temp.Write("empty.csv", string.Empty);
        var source = new CsvSource(path);

        using var partition = source.BuildPart("test.inp", path, 0);

        Assert.Empty(Drain(partition));
    }

    [Fact]
    public void CsvSource_LastRowWithoutNewline_IsEmitted()
    {
        var path = _temp.Write("last.csv", "a,b\r\n1,2\r\n3,4");
        var source = new CsvSource(path);

        using var partition = source.BuildPart("test.inp", path, 0);

        Assert.Equal(["2", "4"], Drain(partition).Select(r => r["b"]));
    }

    [Fact]
    public void CsvSource_SameDelimiterAndQuote_Throws()
    {
        Assert.Throws<ArgumentException>(() => new CsvSource(_temp.File("x.csv"), delimiter: '"'));
        Assert.Throws<ArgumentException>(() => new CsvSource(_temp.File("x.csv"), delimiter: '\n'));
        Assert.Throws<ArgumentException>(() => new CsvSource(_temp.File("x.csv"), quote: 'é'));
    }

    [Fact]
    public void CsvSource_ListParts_IsTheFullPath_AndAMissingFileOrADirectoryIsAnErrorNamingIt()
    {
        var path = _temp.File("later.csv");
        var source = new CsvSource(path);

        Assert.Equal($"input file `{path}` does not exist", Assert.Throws<FileNotFoundException>(() => source.ListParts()).Message);
        Directory.CreateDirectory(path);
        Assert.Equal($"input file `{path}` is a directory", Assert.Throws<FileNotFoundException>(() => source.ListParts()).Message);
        Directory.Delete(path);
        File.WriteAllText(path, "a\n");
        Assert.Equal([path], source.ListParts());
    }

    [Fact]
    public void CsvSource_MissingFile_ThrowsIOExceptionNamingFile()
    {
        var path = _temp.File("missing.csv");
        var source = new CsvSource(path);

        var error = Assert.Throws<IOException>(() => source.BuildPart("test.inp", path, 0));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
