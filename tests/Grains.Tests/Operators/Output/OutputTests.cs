using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Outputs;

namespace Orleans.Dataflow.Grains.Tests.Operators.Output;

public sealed class OutputTests
{
    [Fact]
    public void Output_DynamicSinkFourWorkers_EachWorkerWritesTheItemsItHolds()
    {
        var partitions = Enumerable.Range(0, 4).Select(p => (IReadOnlyList<int>)Enumerable.Range(p * 100, 20).ToList()).ToList();
        var harness = new FlowHarness();
        var sink = harness.Sink<int>();
        harness.Flow.Input("inp", harness.Track(new ListSource<int>(partitions, batchSize: 3))).Output("out", sink);

        harness.Run(workers: 4);

        Assert.Equal(partitions.SelectMany(p => p).Order(), sink.Items.Order());
        Assert.All(sink.Records, r => Assert.Equal(r.Item / 100, r.Worker));
    }

    [Fact]
    public void Output_PartitionedSink_KeyIndexesSortedPartitionNamesAndOnlyValuesAreWritten()
    {
        // "part_10" sorts before "part_2", so index 0 is part_10.
        var sink = new RecordingPartitionedSink(["part_2", "part_10"], key => int.Parse(key, System.Globalization.CultureInfo.InvariantCulture));

        var harness = new FlowHarness();
        harness.Input("inp", [("0", "zero"), ("1", "one"), ("2", "two")]).Output("out", sink);

        harness.Run();

        Assert.Equal(["zero", "two"], sink.ValuesOf("part_10"));
        Assert.Equal(["one"], sink.ValuesOf("part_2"));
    }

    [Fact]
    public void Output_PartitionedSinkFourWorkers_EachPartitionWrittenByOneWorkerAndDisposed()
    {
        var names = Enumerable.Range(0, 6).Select(i => $"p{i}").ToList();
        var sink = new RecordingPartitionedSink(names, key => (int)(Serialization.StableHash.Of(key) % 6));
        var items = Enumerable.Range(0, 300).Select(i => ($"k{i % 37}", $"v{i}")).ToList();

        var harness = new FlowHarness();
        harness.Flow.Input("inp", harness.Track(ListSource<(string, string)>.Split(items, 4, batchSize: 5))).Output("out", sink);

        harness.Run(workers: 4);

        Assert.Equal(items.Select(i => i.Item2).Order(), sink.AllValues.Order());
        Assert.All(sink.WritersByPartition, p => Assert.Single(p.Value));
        Assert.Equal(sink.Built, sink.Disposed);
        Assert.Equal(6, sink.Built);
        foreach (var (key, value) in items)
        {
            Assert.Contains(value, sink.ValuesOf(names[(int)(Serialization.StableHash.Of(key) % 6)]));
        }
    }

    [Fact]
    public void Output_PartitionedSink_WritesEachPartitionsValuesInOrder()
    {
        var sink = new RecordingPartitionedSink(["only"], _ => 0);
        var items = Enumerable.Range(0, 50).Select(i => ($"k{i % 5}", $"{i:D2}")).ToList();

        var harness = new FlowHarness();
        harness.Input("inp", items, batchSize: 4).Output("out", sink);

        harness.Run(workers: 3);

        Assert.Equal(items.Select(i => i.Item2), sink.ValuesOf("only"));
    }

    /// <summary>A partitioned sink that records the values written to each partition and the worker thread that wrote them.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Output_PartitionedSinkWhosePartForThrows_FailsNamingTheSinkStepAndTheItem(int workers)
    {
        // On 2 workers the partition is picked on the sending worker, as the key step emits the record into the exchange: the error is still the sink's.
        var sink = new RecordingPartitionedSink(["a", "b"], key => key == "bad" ? throw new InvalidOperationException("no partition for this key") : 0);
        var harness = new FlowHarness();
        harness.Input("inp", ["good", "bad", "good"]).KeyOn("key", static x => x).Output("out", sink);

        var error = Assert.Throws<DataflowException>(() => harness.Run(workers: workers));

        Assert.Equal("out", error.StepId);
        Assert.Contains("bad", error.Item, StringComparison.Ordinal);
        Assert.Equal("no partition for this key", error.InnerException!.Message);
        if (workers > 1)
        {
            Assert.Contains("picking the partition of a record", error.Message, StringComparison.Ordinal);
        }
    }

    private sealed class RecordingPartitionedSink(IReadOnlyList<string> names, Func<string, int> partFor) : FixedPartitionedSink<string, int>
    {
        private readonly object _gate = new();
        private readonly Dictionary<string, List<string>> _values = [];
        private readonly Dictionary<string, HashSet<string>> _writers = [];
        private int _built;
        private int _disposed;

        public int Built => Volatile.Read(ref _built);

        public int Disposed => Volatile.Read(ref _disposed);

        public Dictionary<string, HashSet<string>> WritersByPartition
        {
            get
            {
                lock (_gate)
                {
                    return _writers.ToDictionary(p => p.Key, p => p.Value.ToHashSet());
                }
            }
        }

        public List<string> AllValues
        {
            get
            {
                lock (_gate)
                {
                    return _values.Values.SelectMany(v => v).ToList();
                }
            }
        }

        public List<string> ValuesOf(string partition)
        {
            lock (_gate)
            {
                return _values.TryGetValue(partition, out var values) ? [.. values] : [];
            }
        }

        public override IReadOnlyList<string> ListParts() => names;

        public override int PartFor(string key) => partFor(key);

        public override StatefulSinkPartition<string, int> BuildPart(string stepId, string forPart, int resumeState)
        {
            Interlocked.Increment(ref _built);
            return new Partition(this, forPart);
        }

        private sealed class Partition(RecordingPartitionedSink sink, string name) : StatefulSinkPartition<string, int>
        {
            private int _written;

            public override void WriteBatch(IReadOnlyList<string> values)
            {
                lock (sink._gate)
                {
                    if (!sink._values.TryGetValue(name, out var list))
                    {
                        sink._values[name] = list = [];
                        sink._writers[name] = [];
                    }

                    list.AddRange(values);
                    sink._writers[name].Add(Thread.CurrentThread.Name ?? "?");
                }

                _written += values.Count;
            }

            public override int Snapshot() => _written;

            protected override void Dispose(bool disposing) => Interlocked.Increment(ref sink._disposed);
        }
    }
}
