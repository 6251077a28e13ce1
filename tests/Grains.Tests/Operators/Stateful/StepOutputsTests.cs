using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Grains.Tests.Operators.Stateful;

/// <summary>A stateful step with several outputs: each item its logic emits goes to the output <see cref="StatefulStep{TValue,TOut,TSlot,TState}.OutputOf"/> names, and a step reading one output sees only its items.</summary>
public sealed class StepOutputsTests
{
    private static readonly (string Key, int Value)[] _items = [("a", 1), ("b", 2), ("a", 3), ("c", 4), ("b", 5), ("c", 6)];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void StatefulStep_TwoOutputs_EachStepReadingOneSeesOnlyTheItemsSentThere(int workers)
    {
        var output = FlowRunner.Run<string>((h, sink) =>
        {
            var sums = RunningSums(h.Input("inp", _items).KeyOn("key", e => e.Key).Map("value", e => (e.Key, e.Value.Value)), sum => sum % 2);
            var evens = sums[0].Map("even", e => $"even {e.Key} {e.Value}");
            var odds = sums[1].Map("odd", e => $"odd {e.Key} {e.Value}");
            evens.Merge("both", odds).Output("out", sink);
        }, workers);

        // Running sums per key: a 1, 4; b 2, 7; c 4, 10.
        Assert.Equal(["even a 4", "even b 2", "even c 10", "even c 4", "odd a 1", "odd b 7"], output.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void StatefulStep_OutputOfNamesAnOutputItDoesNotHave_FailsNamingTheStepAndTheRecord()
    {
        var error = Assert.Throws<DataflowException>(() => FlowRunner.Run<(string Key, int Value)>((h, sink) =>
            RunningSums(h.Input("inp", _items).KeyOn("key", e => e.Key).Map("value", e => (e.Key, e.Value.Value)), _ => 2)[0].Output("out", sink)));

        Assert.Equal("sums", error.StepId);
        Assert.Contains("output 2", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void StatefulStep_NoOutput_IsRefusedNamingTheStep()
    {
        var flow = new Dataflow("outputs");
        var keyed = flow.Input("inp", new Testing.TestingSource<(string Key, int Value)>(_items)).KeyOn("key", e => e.Key).Map("value", e => (e.Key, e.Value.Value));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new StatefulStep<int, int, int, int>("sums", "running_sum", keyed, _ => new RunningSum()) { OutputCount = 0 });

        Assert.Contains("'sums'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stream_OfAnOutputTheStepDoesNotHave_FailsTheRunNamingTheStepAndTheOutput()
    {
        var error = Assert.ThrowsAny<Exception>(() => FlowRunner.Run<(string Key, int Value)>((h, sink) =>
        {
            var sums = RunningSums(h.Input("inp", _items).KeyOn("key", e => e.Key).Map("value", e => (e.Key, e.Value.Value)), sum => sum % 2);
            new KeyedStream<int>(h.Flow, sums[0].Producer, 2).Output("out", sink);
        }));

        Assert.Contains("output 2 of step 'sums'", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A running sum per key whose every sum goes to output <paramref name="outputOf"/>(sum) of two.</summary>
    private static KeyedStream<int>[] RunningSums(Stream<(string Key, int Value)> up, Func<int, int> outputOf)
    {
        var step = new StatefulStep<int, int, int, int>("sums", "running_sum", up, _ => new RunningSum()) { OutputCount = 2, OutputOf = outputOf };
        up.Flow.Add(step);
        return [new KeyedStream<int>(up.Flow, step, 0), new KeyedStream<int>(up.Flow, step, 1)];
    }

    private sealed class RunningSum : KeyedLogic<int, int, int, int>
    {
        public override int Create() => 0;

        public override int Restore(int state) => state;

        public override StateAction OnItem(ref int slot, int value, Emitter<int> output)
        {
            slot += value;
            output.Emit(slot);
            return StateAction.Retain;
        }

        public override int Snapshot(ref int slot) => slot;
    }
}
