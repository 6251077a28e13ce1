using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Execution;

/// <summary>The same flow gives the same multiset of outputs, equal to its LINQ oracle, with 1, 2 and 4 workers in one process and on 2 silos × 2 workers over loopback TCP, with short epochs.</summary>
/// <remarks>Every run must also end cleanly: all partitions disposed (checked by the harness) and no worker thread left.</remarks>
public sealed class WorkerCountEquivalenceTests
{
    public static TheoryData<string, int> Flows => FlowCatalogue.NamesAndSeeds;

    [Theory]
    [MemberData(nameof(Flows))]
    public void Flow_OneTwoAndFourWorkersAndTwoSilos_SameOutputsAsLinq(string name, int seed) => Seeded.Run(seed, random =>
    {
        var flowCase = FlowCatalogue.Get(name);
        var input = FlowCatalogue.RandomInput(random);
        var batchSize = random.Next(1, 9);
        var expected = flowCase.Oracle(input).ToList();

        foreach (var (silos, workers) in new[] { (1, 1), (1, 2), (1, 4), (2, 2) })
        {
            var flowId = WorkerThreads.UniqueFlowId("eq");
            var harness = new FlowHarness(flowId);
            var sink = harness.Sink<string>();
            FlowCatalogue.Build(harness, flowCase, input, batchSize, sink);

            harness.Run(workers, epochInterval: TimeSpan.FromMilliseconds(1), silos: silos);

            FlowCatalogue.AssertSameMultiset(expected, sink.Items, $"{name} on {silos} silo(s) × {workers} worker(s), {input.Count} items, batch size {batchSize}");
            WorkerThreads.AssertNoneAlive(flowId);
        }
    });
}
