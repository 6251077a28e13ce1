using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Stateful;

public sealed class CollectTests
{
    private static readonly TimeSpan _long = TimeSpan.FromSeconds(10);

    [Fact]
    public void Collect_MaxSizeThree_EmitsFullListsThenThePartialOneAtEof()
    {
        var output = RunCollect(Enumerable.Range(0, 10).Select(i => (TestingItem<int>)i).ToList(), _long, maxSize: 3);

        Assert.Equal(["0,1,2", "3,4,5", "6,7,8", "9"], output);
    }

    [Fact]
    public void Collect_TimeoutWithoutNewItems_EmitsPartialList()
    {
        // The source pauses far longer than the timeout: the first list can only have been emitted by the timeout.
        var output = RunCollect([0, 1, TestingMarker.Pause(TimeSpan.FromMilliseconds(400)), 2], TimeSpan.FromMilliseconds(50), maxSize: 10);

        Assert.Equal(["0,1", "2"], output);
    }

    [Fact]
    public void Collect_ItemsCloserThanTimeout_TimeoutCountsFromTheLastItem()
    {
        // Nine items 30 ms apart span 240 ms, more than the 200 ms timeout: had it counted from the first item the
        // list would have been cut after about seven items. It counts from the last, so all nine stay together.
        List<TestingItem<int>> items = [];
        for (var i = 0; i < 9; i++)
        {
            items.Add(i);
            items.Add(TestingMarker.Pause(TimeSpan.FromMilliseconds(30)));
        }

        items.Add(TestingMarker.Pause(TimeSpan.FromMilliseconds(500)));
        items.Add(9);

        var output = RunCollect(items, TimeSpan.FromMilliseconds(200), maxSize: 100);

        Assert.Equal(["0,1,2,3,4,5,6,7,8", "9"], output);
    }

    [Fact]
    public void Collect_InputEndsBeforeTimeoutOrMaxSize_EofEmitsThePartialList()
    {
        var output = RunCollect([0, 1], _long, maxSize: 5);

        Assert.Equal(["0,1"], output);
    }

    [Fact]
    public void Collect_SeveralKeys_ListsHoldOneKeyEachInArrivalOrder()
    {
        var output = FlowRunner.Run<(string, List<int>)>((h, sink) => h.Input("inp", Enumerable.Range(0, 10).ToList())
            .KeyOn("key", x => x % 2 == 0 ? "even" : "odd")
            .Collect("collect", _long, maxSize: 2)
            .Output("out", sink));

        Assert.Equal(["even:0,2", "odd:1,3", "even:4,6", "odd:5,7", "even:8", "odd:9"], output.Select(p => $"{p.Item1}:{string.Join(',', p.Item2)}"));
    }

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void Collect_RandomKeysAndPauses_NeverEmitsAnEmptyListAndLosesNothing(int seed) => Seeded.Run(seed, random =>
    {
        var values = Enumerable.Range(0, 120).Select(i => ($"k{random.Next(4)}", i)).ToList();
        List<TestingItem<(string, int)>> items = [];
        foreach (var value in values)
        {
            items.Add(value);
            if (random.Next(15) == 0)
            {
                items.Add(TestingMarker.Pause(TimeSpan.FromMilliseconds(random.Next(5, 40))));
            }
        }

        var maxSize = random.Next(1, 6);
        var output = FlowRunner.Run<(string Key, List<int> Values)>((h, sink) =>
            h.Input("inp", items, batchSize: random.Next(1, 5)).Collect("collect", TimeSpan.FromMilliseconds(10), maxSize).Output("out", sink));

        Assert.All(output, list => Assert.InRange(list.Values.Count, 1, maxSize));
        foreach (var group in values.GroupBy(v => v.Item1))
        {
            Assert.Equal(group.Select(v => v.Item2), output.Where(o => o.Key == group.Key).SelectMany(o => o.Values));
        }
    });

    private static List<string> RunCollect(List<TestingItem<int>> items, TimeSpan timeout, int maxSize)
        => FlowRunner.Run<(string, List<int>)>((h, sink) => h.Input("inp", items)
                .KeyOn("key", _ => "ALL")
                .Collect("collect", timeout, maxSize)
                .Output("out", sink))
            .Select(pair => string.Join(',', pair.Item2))
            .ToList();
}
