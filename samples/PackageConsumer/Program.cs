using Orleans.Dataflow;
using Orleans.Dataflow.Grains.Execution;      // ExecutionOptions (package Orleans.Dataflow.Grains, through Orleans.Dataflow.Silo)
using Orleans.Dataflow.Silo.Hosting;          // DataflowRunner, RunOptions (package Orleans.Dataflow.Silo)
using Orleans.Dataflow.Testing;               // TestingSource, TestingSink (package Orleans.Dataflow.Abstractions)
using Orleans.Dataflow.TestingHost;           // TestCluster (package Orleans.Dataflow.TestingHost)

// The same word count on the in-process silo with two workers, then on a TestCluster of two silos.
Console.WriteLine($"run_main: {Count(flow => DataflowRunner.RunMain(flow, new RunOptions { WorkerCount = 2 }).Outcome)}");
Console.WriteLine($"test_cluster: {Count(flow => new TestCluster(silos: 2, workersPerSilo: 1).Run(flow, new ExecutionOptions()).Outcome)}");

static string Count(Func<Dataflow, object> run)
{
    var counts = new List<(string Word, long Count)>();
    var flow = new Dataflow("consumer_words");
    flow.Input("words", new TestingSource<string>(["to", "be", "or", "not", "to", "be"]))
        .CountFinal("count", word => word)
        .Output("out", new TestingSink<(string, long)>(counts));
    var outcome = run(flow);
    return $"{outcome} {string.Join(", ", counts.Order())}";
}
