using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Silo.Hosting;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Silo.Tests.Recovery;

/// <summary>A committed snapshot of key "a" of step "sum" whose bytes are no <c>long</c>, and the running-sum flow that fails to restore it.</summary>
internal static class UndeserializableSnapshot
{
    /// <summary>Commits the bad snapshot to <paramref name="store"/> as flow "sums" would have, then disposes it.</summary>
    public static void WriteTo(IRecoveryStore store)
    {
        using (store as IDisposable)
        {
            store.BeginExecution(1);
            store.Write("sum", 0, 1, [new StateSnapshot("a", [1, 2, 3])]);
            store.Commit(1);
        }
    }

    /// <summary>Runs flow "sums" on the store <paramref name="recovery"/> names and returns the error it fails with.</summary>
    public static DataflowException Resume(string recovery)
    {
        var flow = new Dataflow("sums");
        flow.Input("inp", new TestingSource<(string, long)>([("a", 1L)]))
            .StatefulMap<long, long, long>("sum", (sum, value) => (sum + value, sum + value))
            .Output("out", new TestingSink<(string, long)>([]));

        var error = Assert.Throws<DataflowException>(() => DataflowRunner.RunMain(flow, new RunOptions { RecoveryDirectory = recovery }));
        Assert.Equal("sum", error.StepId);
        return error;
    }
}
