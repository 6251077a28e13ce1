using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Execution;

/// <summary>Every flow of the catalogue gives on 2 silos × 2 workers, over loopback TCP, the same multiset of outputs as on 1 worker and as its LINQ oracle.</summary>
public sealed class ClusterEquivalenceTests
{
    public static TheoryData<string, int> Flows => FlowCatalogue.NamesAndSeeds;

    [Theory]
    [MemberData(nameof(Flows))]
    public void Flow_TwoSilosOfTwoWorkers_SameOutputsAsOneWorker(string name, int seed) => Seeded.Run(seed, random =>
    {
        var flowCase = FlowCatalogue.Get(name);
        var input = FlowCatalogue.RandomInput(random);
        var batchSize = random.Next(1, 9);
        var expected = flowCase.Oracle(input).ToList();
        var outputs = new List<List<string>>();
        foreach (var (silos, workers) in new[] { (1, 1), (2, 2) })
        {
            var flowId = WorkerThreads.UniqueFlowId("cluster");
            var harness = new FlowHarness(flowId);
            var sink = harness.Sink<string>();
            FlowCatalogue.Build(harness, flowCase, input, batchSize, sink);

            harness.Run(workers, epochInterval: TimeSpan.FromMilliseconds(1), silos: silos);

            FlowCatalogue.AssertSameMultiset(expected, sink.Items, $"{name} on {silos} silo(s) × {workers} worker(s), {input.Count} items, batch size {batchSize}");
            WorkerThreads.AssertNoneAlive(flowId);
        }
    });
}
