using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Tests.Operators.Stateful;
using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Operators;

/// <summary>Every operator over an input that ends at once: the run completes, nothing is emitted and no user code runs.</summary>
public sealed class EmptyInputTests
{
    private static readonly Dictionary<string, Func<Stream<int>, Action, Stream<string>>> _operators = new()
    {
        ["map"] = (s, call) => s.Map("op", x => Called(call, $"{x}")),
        ["filter"] = (s, call) => s.Filter("op", _ => Called(call, true)).Map("render", x => $"{x}"),
        ["filter_map"] = (s, call) => s.FilterMap("op", x => Called(call, $"{x}")),
        ["filter_map_nullable"] = (s, call) => s.FilterMap("op", x => Called(call, (int?)x)).Map("render", x => $"{x}"),
        ["flat_map"] = (s, call) => s.FlatMap("op", x => Called(call, new[] { $"{x}" })),
        ["flat_map_batch"] = (s, call) => s.FlatMapBatch("op", batch => Called(call, batch.Select(x => $"{x}"))),
        ["flatten"] = (s, call) => s.Map("wrap", x => Called(call, (IEnumerable<int>)[x])).Flatten("op").Map("render", x => $"{x}"),
        ["inspect"] = (s, call) => s.Inspect("op", (_, _) => call()).Map("render", x => $"{x}"),
        ["inspect_debug"] = (s, call) => s.InspectDebug("op", (_, _, _, _) => call()).Map("render", x => $"{x}"),
        ["branch"] = (s, call) =>
        {
            var branch = s.Branch("op", _ => Called(call, true));
            return branch.Trues.Merge("both", branch.Falses).Map("render", x => $"{x}");
        },
        ["merge"] = (s, call) => s.Merge("op", s.Map("other", x => Called(call, x))).Map("render", x => $"{x}"),
        ["redistribute"] = (s, call) => s.Redistribute("op").Map("render", x => Called(call, $"{x}")),
        ["key_on"] = (s, call) => s.KeyOn("op", x => Called(call, $"{x}")).Map("render", p => $"{p}"),
        ["key_rm"] = (s, call) => s.KeyOn("key", x => Called(call, "k")).KeyRm("op").Map("render", x => $"{x}"),
        ["map_value"] = (s, call) => Keyed(s, call).MapValue("op", x => Called(call, x)).Map("render", p => $"{p}"),
        ["filter_value"] = (s, call) => Keyed(s, call).FilterValue("op", _ => Called(call, true)).Map("render", p => $"{p}"),
        ["flat_map_value"] = (s, call) => Keyed(s, call).FlatMapValue("op", x => Called(call, new[] { x })).Map("render", p => $"{p}"),
        ["filter_map_value"] = (s, call) => Keyed(s, call).FilterMapValue("op", x => Called(call, $"{x}")).Map("render", p => $"{p}"),
        ["filter_map_value_nullable"] = (s, call) => Keyed(s, call).FilterMapValue("op", x => Called(call, (int?)x)).Map("render", p => $"{p}"),
        ["enrich_cached"] = (s, call) => s.EnrichCached<int, int, int, string>("op", x => Called(call, x), (cache, x) => Called(call, $"{cache.Get(x)}")),
        ["stateful_map"] = (s, call) => Keyed(s, call).StatefulMap("op", (int? state, int x) => Called(call, ((int?)x, x))).Map("render", p => $"{p}"),
        ["stateful_flat_map"] = (s, call) => Keyed(s, call).StatefulFlatMap("op", (int? state, int x) => Called(call, ((int?)x, new[] { x }))).Map("render", p => $"{p}"),
        ["stateful"] = (s, call) => Keyed(s, call).Stateful("op", (string? resume) => Called(call, new TransitionLogic(resume, StateAction.Retain))).Map("render", p => $"{p}"),
        ["reduce_final"] = (s, call) => Keyed(s, call).ReduceFinal("op", (a, b) => Called(call, a + b)).Map("render", p => $"{p}"),
        ["fold_final"] = (s, call) => Keyed(s, call).FoldFinal("op", () => Called(call, 0), (a, b) => Called(call, a + b)).Map("render", p => $"{p}"),
        ["count_final"] = (s, call) => s.CountFinal("op", x => Called(call, $"{x}")).Map("render", p => $"{p}"),
        ["max_final"] = (s, call) => Keyed(s, call).MaxFinal("op", x => Called(call, x)).Map("render", p => $"{p}"),
        ["min_final"] = (s, call) => Keyed(s, call).MinFinal("op", x => Called(call, x)).Map("render", p => $"{p}"),
        ["collect"] = (s, call) => Keyed(s, call).Collect("op", TimeSpan.FromMilliseconds(1), maxSize: 2).Map("render", p => $"{p.Key}:{p.Value.Count}"),
        ["raises"] = (s, call) =>
        {
            s.Raises("op");
            return s.Map("render", x => Called(call, $"{x}"));
        },
    };

    public static TheoryData<string> Operators => [.. _operators.Keys];

    [Theory]
    [MemberData(nameof(Operators))]
    public void Operator_EmptyInput_CompletesWithoutOutputOrCalls(string name)
    {
        var calls = 0;
        var harness = new FlowHarness();
        var sink = harness.Sink<string>();
        _operators[name](harness.Input("inp", Array.Empty<int>()), () => Interlocked.Increment(ref calls)).Output("out", sink);

        // Two workers, so that EOF also has to cross the exchanges of the keyed operators.
        var result = harness.Run(workers: 2, epochInterval: TimeSpan.FromMilliseconds(5));

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.Empty(sink.Items);
        Assert.Equal(0, calls);
    }

    private static KeyedStream<int> Keyed(Stream<int> s, Action call) => s.KeyOn("key", x => Called(call, $"{x % 3}"));

    private static T Called<T>(Action call, T value)
    {
        call();
        return value;
    }
}
