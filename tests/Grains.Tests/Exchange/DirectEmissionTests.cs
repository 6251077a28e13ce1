using System.Globalization;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Grains.Tests.Exchange;

/// <summary>A stateless step whose only receiver is an exchange emits straight into the exchange's batches: every record still arrives once, and the step's code never runs into what happens downstream.</summary>
public sealed class DirectEmissionTests
{
    [Fact]
    public void AStepEmittingIntoAnExchange_DoesNotSeeAFailureDownstream()
    {
        var harness = new FlowHarness();
        var caught = new List<Exception>();
        // A step of its own, as users write one: its code gets the emitter and could catch what an emission throws.
        var step = new UnaryStep<int, (string Key, int Value)>("key", "custom_key", harness.Input("inp", Enumerable.Range(0, 200), batchSize: 50), _ => (batch, output) =>
        {
            foreach (var item in batch)
            {
                try
                {
                    output.Emit((item.ToString(CultureInfo.InvariantCulture), item));
                }
                catch (Exception e)
                {
                    // A step that catches what its emissions throw must not be able to swallow a later step's failure.
                    lock (caught)
                    {
                        caught.Add(e);
                    }
                }
            }
        });
        harness.Flow.Add(step);
        new KeyedStream<int>(harness.Flow, step, 0).StatefulMap<int, int, int>("count", static (count, item) => item == 120 ? throw new InvalidOperationException("downstream fails") : (count + 1, item))
            .Output("out", harness.Sink<(string, int)>());

        var error = Assert.Throws<DataflowException>(() => harness.Run(workers: 2, exchangeBatchSize: 8));

        Assert.Equal("count", error.StepId);
        Assert.Empty(caught);
    }

    [Fact]
    public void AStreamReadByAnExchangeAndByAnotherStep_ReachesBothWhole()
    {
        var harness = new FlowHarness();
        var keyed = harness.Input("inp", Enumerable.Range(0, 500), batchSize: 100).KeyOn("key", static x => (x % 7).ToString(CultureInfo.InvariantCulture));
        var counted = harness.Sink<(string, int)>();
        var passed = harness.Sink<(string, int)>();
        keyed.StatefulMap<int, int, int>("count", static (count, _) => (count + 1, count + 1)).Output("counted", counted);
        keyed.Output("passed", passed);

        harness.Run(workers: 2, exchangeBatchSize: 16);

        Assert.Equal(Enumerable.Range(0, 500), passed.Items.Select(p => p.Item2).Order());
        Assert.Equal(500, counted.Items.Count);
        Assert.Equal(Enumerable.Range(0, 7).Select(k => 500 / 7 + (k < 500 % 7 ? 1 : 0)),
            counted.Items.GroupBy(p => p.Item1).OrderBy(g => int.Parse(g.Key, CultureInfo.InvariantCulture)).Select(g => g.Max(p => p.Item2)));
    }

    [Fact]
    public void InputBatchesLargerThanExchangeBatches_ArriveWhole_InOrderPerKey()
    {
        // Each input batch of 100 sends up to 100 records to one worker: its exchange batch of 4 fills and grows within one emission.
        var harness = new FlowHarness();
        var seen = harness.Sink<(string, (int Previous, int Item))>();
        harness.Input("inp", Enumerable.Range(0, 1000), batchSize: 100)
            .KeyOn("key", static x => (x % 3).ToString(CultureInfo.InvariantCulture))
            .StatefulMap<int, int?, (int, int)>("previous", static (previous, item) => (item, (previous ?? -1, item)))
            .Output("out", seen);

        harness.Run(workers: 2, exchangeBatchSize: 4);

        Assert.Equal(Enumerable.Range(0, 1000), seen.Items.Select(p => p.Item2.Item).Order());
        // Within a key the records kept their order: each saw the one before it.
        Assert.All(seen.Items, p => Assert.Equal(p.Item2.Item < 3 ? -1 : p.Item2.Item - 3, p.Item2.Previous));
    }
}
