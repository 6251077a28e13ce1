using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Execution;

/// <summary>An idle worker holds no record it has handed on: the buffers its steps reuse batch after batch let go of their last batch before it waits.</summary>
/// <remarks>
/// The buffers are not cleared after every batch (the next batch overwrites the same slots), so this is what bounds
/// how long a record can outlive its trip: until its worker next goes idle. The records here are objects the test
/// only reaches through weak references; they pass through every kind of reused buffer (the source's batch, a
/// stateless step's, a branch's, an exchange's own, a stateful step's output) on 2 workers, then a step replaces
/// them with their ids, and the flow goes quiet without ending.
/// </remarks>
public sealed class HeldRecordsTests
{
    private const int RecordCount = 200;

    [Fact]
    public async Task RecordsHandedOn_AreNotHeld_OnceTheWorkersAreIdle()
    {
        var harness = new FlowHarness(WorkerThreads.UniqueFlowId("held"));
        var created = new List<WeakReference>();
        var source = new IdleAfterItemsSource<int, Payload>(harness.Tracker, [.. Enumerable.Range(0, RecordCount)], (id, _) => Tracked(created, id),
            TimeSpan.FromHours(1));
        var ids = harness.Sink<int>();
        var branches = harness.Flow.Input("inp", source)
            .Map("same", static p => p)
            .Branch("even", static p => p.Id % 2 == 0);
        branches.Trues.Merge("both", branches.Falses)
            .KeyOn("key", static p => (p.Id % 16).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .StatefulMap<Payload, int, Payload>("count", static (count, p) => (count + 1, p))
            .Map("id", static kv => kv.Value.Id)
            .Output("out", ids);

        using var stop = new CancellationTokenSource();
        var run = Task.Factory.StartNew(() => harness.Run(workers: 2, epochInterval: TimeSpan.FromMilliseconds(20), stop: stop.Token, timeout: TimeSpan.FromSeconds(60)),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            Assert.True(SpinWait.SpinUntil(() => ids.Count == RecordCount || run.IsCompleted, TimeSpan.FromSeconds(30)),
                $"{ids.Count} of {RecordCount} records reached the sink");
            Assert.False(run.IsCompleted, "the run ended though its source never does");

            // The workers go idle right after the batch (the source sleeps for an hour); collect until the records are gone.
            var held = RecordCount;
            Assert.True(SpinWait.SpinUntil(() =>
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                held = Alive(created);
                return held == 0;
            }, TimeSpan.FromSeconds(10)), $"{held} of {RecordCount} records that reached the sink are still held by the idle workers");
            Assert.Equal(Enumerable.Range(0, RecordCount), ids.Items.Order());
        }
        finally
        {
            stop.Cancel();
            // Throws if the run does not stop within the wait.
            await run.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>A new record with <paramref name="id"/>, weakly referenced from <paramref name="created"/>.</summary>
    private static Payload Tracked(List<WeakReference> created, int id)
    {
        var payload = new Payload(id);
        lock (created)
        {
            created.Add(new WeakReference(payload));
        }

        return payload;
    }

    private static int Alive(List<WeakReference> created)
    {
        lock (created)
        {
            return created.Count(reference => reference.IsAlive);
        }
    }

    /// <summary>A record the test can watch the collector take.</summary>
    private sealed record Payload(int Id);
}
