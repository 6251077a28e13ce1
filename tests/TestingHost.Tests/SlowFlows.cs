using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.TestingHost.Tests;

/// <summary>Flows that run long enough to be looked at, stopped or killed in the middle: running sums over keyed numbers with a pause after each.</summary>
internal static class SlowFlows
{
    /// <summary>Numbers 1…<paramref name="count"/> over seven keys, each followed by a 5 ms pause.</summary>
    public static List<TestingItem<(string, long)>> SlowNumbers(int count)
    {
        var items = new List<TestingItem<(string, long)>>();
        for (var i = 1; i <= count; i++)
        {
            items.Add(($"k{i % 7}", (long)i));
            items.Add(TestingMarker.Pause(TimeSpan.FromMilliseconds(5)));
        }

        return items;
    }

    /// <summary>The sum of each key's numbers in <paramref name="items"/>: what a complete run's last output per key is.</summary>
    public static Dictionary<string, long> Totals(List<TestingItem<(string, long)>> items)
        => items.Where(i => i.Marker is null).GroupBy(i => i.Item.Item1).ToDictionary(g => g.Key, g => g.Sum(i => i.Item.Item2));

    /// <summary>A flow <paramref name="flowId"/> emitting every key's running sum of <paramref name="items"/> into <paramref name="output"/>.</summary>
    public static Dataflow RunningSums(List<TestingItem<(string, long)>> items, List<(string, long)> output, string flowId = "cluster_sums")
    {
        var flow = new Dataflow(flowId);
        flow.Input("inp", new TestingSource<(string, long)>(items))
            .StatefulMap<long, long, long>("sum", (sum, value) => (sum + value, sum + value))
            .Output("out", new TestingSink<(string, long)>(output));
        return flow;
    }
}
