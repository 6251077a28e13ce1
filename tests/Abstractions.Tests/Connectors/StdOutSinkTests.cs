using Orleans.Dataflow.Connectors;

namespace Orleans.Dataflow.Abstractions.Tests.Connectors;

[Collection(ConsoleCollection.Name)]
public sealed class StdOutSinkTests
{
    [Fact]
    public void StdOutSink_Strings_PrintedOnePerLine()
    {
        var output = Capture(() =>
        {
            using var partition = new StdOutSink<string>().Build("test.out", 0, 1);
            partition.WriteBatch(["a"]);
            partition.WriteBatch(["b"]);
        });

        Assert.Equal("a\nb\n", output);
    }

    [Fact]
    public void StdOutSink_OtherItems_PrintedWithToStringAndNullAsEmptyLine()
    {
        var output = Capture(() =>
        {
            using var partition = new StdOutSink<object?>().Build("test.out", 0, 1);
            partition.WriteBatch([("a", 1), 42, null, "x"]);
        });

        Assert.Equal("(a, 1)\n42\n\nx\n", output);
    }

    [Fact]
    public void StdOutSink_EmptyBatch_PrintsNothing()
    {
        var output = Capture(() =>
        {
            using var partition = new StdOutSink<string>().Build("test.out", 0, 1);
            partition.WriteBatch([]);
        });

        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void StdOutSink_ConcurrentWorkers_NeverInterleaveLinesOrBatches()
    {
        const int workers = 8;
        const int batches = 200;
        const int batchSize = 25;
        var sink = new StdOutSink<string>();
        var payload = new string('x', 300);

        var output = Capture(() =>
        {
            var threads = Enumerable.Range(0, workers).Select(w => new Thread(() =>
            {
                using var partition = sink.Build("test.out", w, workers);
                for (var b = 0; b < batches; b++)
                {
                    partition.WriteBatch([.. Enumerable.Range(0, batchSize).Select(i => $"{w}:{b}:{i}:{payload}")]);
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
        });

        var lines = output.Split('\n');
        Assert.Equal(string.Empty, lines[^1]);
        lines = lines[..^1];
        Assert.Equal(workers * batches * batchSize, lines.Length);
        for (var start = 0; start < lines.Length; start += batchSize)
        {
            // Every run of batchSize lines is one whole batch of one worker, in order.
            var first = lines[start].Split(':');
            for (var i = 0; i < batchSize; i++)
            {
                Assert.Equal($"{first[0]}:{first[1]}:{i}:{payload}", lines[start + i]);
            }
        }
    }

    private static string Capture(Action write)
    {
        var original = Console.Out;
        using var capture = new StringWriter();
        Console.SetOut(capture);
        try
        {
            write();
        }
        finally
        {
            Console.SetOut(original);
        }

        return capture.ToString();
    }
}
