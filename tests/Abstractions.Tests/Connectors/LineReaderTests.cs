using System.Text;
using Orleans.Dataflow.Connectors;

namespace Orleans.Dataflow.Abstractions.Tests.Connectors;

/// <summary>A line longer than the reader's limit is an error naming the file, the line and the limit, never an overflow.</summary>
public sealed class LineReaderTests : IDisposable
{
    private const int Limit = 4 << 20;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ALineLongerThanTheLimit_FailsNamingTheFileTheLineAndTheLimit()
    {
        var path = _temp.File("one-long-line.txt");
        File.WriteAllText(path, "short\n" + new string('x', Limit + 1) + "\nafter\n", Encoding.ASCII);
        using var reader = LineReader.Open(path, 0, maxLineBytes: Limit);
        var lines = new List<string>();

        var error = Assert.Throws<InvalidDataException>(() => reader.ReadLines(lines, 10));

        Assert.Equal(["short"], lines);
        Assert.Equal($"line 2 of file `{path}`, starting at byte 6, is longer than the limit of {Limit} bytes (4 MiB) for one line; is it a text file with line breaks?", error.Message);
    }

    [Fact]
    public void ALineOfExactlyTheLimit_IsRead()
    {
        var path = _temp.File("at-the-limit.txt");
        File.WriteAllText(path, new string('y', Limit - 1) + "\nnext\n", Encoding.ASCII);
        using var reader = LineReader.Open(path, 0, maxLineBytes: Limit);
        var lines = new List<string>();

        reader.ReadLines(lines, 10);

        Assert.Equal([Limit - 1, 4], lines.Select(l => l.Length));
    }

    [Fact]
    public void ALongLineAfterAResume_IsNamedByWhereReadingResumed()
    {
        var path = _temp.File("resumed.txt");
        File.WriteAllText(path, "a\nb\n" + new string('z', Limit + 1), Encoding.ASCII);
        using var reader = LineReader.Open(path, 2, maxLineBytes: Limit);
        var lines = new List<string>();

        var error = Assert.Throws<InvalidDataException>(() => reader.ReadLines(lines, 10));

        Assert.StartsWith($"line 2 after byte 2 (where reading resumed) of file `{path}`, starting at byte 4, is longer than the limit", error.Message, StringComparison.Ordinal);
    }
}
