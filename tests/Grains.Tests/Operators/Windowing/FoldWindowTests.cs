using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Windowing;

/// <summary>Bytewax's test_fold_window.py, with the late and metadata streams asserted too.</summary>
public sealed class FoldWindowTests
{
    private static readonly DateTimeOffset _align = new(2022, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FoldWindow_Tumbling_FoldsEachWindowsEventsAtClose()
    {
        UserEvent[] input =
        [
            new(_align, "login"), new(_align.AddSeconds(4), "post"), new(_align.AddSeconds(8), "post"),
            new(_align.AddSeconds(16), "post"),
        ];
        RecordingSink<(long, Dictionary<string, int>)> down = null!;

        WindowFlow.Run(h => h.Input("inp", input).KeyOn("key", _ => "ALL")
            .FoldWindow("count", new EventClock<UserEvent>(e => e.Timestamp, TimeSpan.Zero), new TumblingWindower(TimeSpan.FromSeconds(10), _align),
                static () => new Dictionary<string, int>(),
                static (counts, e) =>
                {
                    counts[e.Type] = counts.GetValueOrDefault(e.Type) + 1;
                    return counts;
                },
                static (a, b) =>
                {
                    foreach (var (type, count) in b)
                    {
                        a[type] = count;
                    }

                    return a;
                })
            .Down.KeyRm("key_rm").Output("out", down = h.Sink<(long, Dictionary<string, int>)>()));

        Assert.Equal(2, down.Items.Count);
        Assert.Equal(0L, down.Items[0].Item1);
        Assert.Equal(new Dictionary<string, int> { ["login"] = 1, ["post"] = 2 }, down.Items[0].Item2);
        Assert.Equal(1L, down.Items[1].Item1);
        Assert.Equal(new Dictionary<string, int> { ["post"] = 1 }, down.Items[1].Item2);
    }

    [Fact]
    public void FoldWindow_Session_FoldsEachSessionAndSendsLateItemToLateStream()
    {
        Event[] input =
        [
            At(1, "a"), At(5, "b"),
            At(11, "c"), At(12, "d"), At(13, "e"), At(14, "f"),
            At(20, "g"),
            At(1, "h"),
        ];
        var (down, late, meta) = RunCollecting(input, new SessionWindower(TimeSpan.FromSeconds(5)));

        Assert.Equal(["0:a,b", "1:c,d,e,f", "2:g"], down);
        Assert.Equal([(SessionWindower.LateSessionId, "h")], late);
        Assert.Equal(
            [
                (0L, new WindowMetadata(_align.AddSeconds(1), _align.AddSeconds(5))),
                (1L, new WindowMetadata(_align.AddSeconds(11), _align.AddSeconds(14))),
                (2L, new WindowMetadata(_align.AddSeconds(20), _align.AddSeconds(20))),
            ],
            meta);
    }

    [Fact]
    public void FoldWindow_Sliding_FoldsEveryOverlappingWindowAndSendsLateItemOncePerWindow()
    {
        Event[] input =
        [
            At(1, "a"), At(4, "b"), At(8, "c"), At(12, "d"), At(13, "e"), At(14, "f"), At(16, "g"),
            At(1, "h"),
        ];
        var (down, late, meta) = RunCollecting(input, new SlidingWindower(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), _align));

        Assert.Equal(["-1:a,b", "0:a,b,c", "1:c,d,e,f", "2:d,e,f,g", "3:g"], down);
        Assert.Equal([(-1L, "h"), (0L, "h")], late);
        Assert.Equal([-1L, 0L, 1L, 2L, 3L], meta.Select(m => m.Item1));
        Assert.All(meta, m => Assert.Equal(new WindowMetadata(_align.AddSeconds(5 * m.Item1), _align.AddSeconds((5 * m.Item1) + 10)), m.Item2));
    }

    [Fact]
    public void FoldWindow_SlidingWithOffsetLongerThanLength_ItemsInGapsAreInNoWindowAndNotLate()
    {
        // Deliberate difference: Bytewax rejects offset > length; here windows [0, 5) and [10, 15) leave a gap.
        Event[] input = [At(1, "a"), At(7, "gap"), At(11, "b"), At(17, "gap2")];
        var (down, late, meta) = RunCollecting(input, new SlidingWindower(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), _align));

        Assert.Equal(["0:a", "1:b"], down);
        Assert.Empty(late);
        Assert.Equal([0L, 1L], meta.Select(m => m.Item1));
    }

    [Fact]
    public void FoldWindow_ManyItemsUnorderedInBatches_EmitsEveryMinuteWindowInOrder()
    {
        // Bytewax's fold_window benchmark: 100 000 one-second timestamps in batches of 10, one-minute windows.
        var input = Enumerable.Range(0, 100_000).Select(i => new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i)).ToList();
        RecordingSink<(long, int)> down = null!;

        WindowFlow.Run(h => h.Flow.Input("in", h.Track(new Testing.TestingSource<DateTimeOffset>(input, 10))).KeyOn("key", _ => "ALL")
            .FoldWindow("fold_window", new EventClock<DateTimeOffset>(x => x, TimeSpan.Zero),
                new TumblingWindower(TimeSpan.FromMinutes(1), new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)),
                static () => 0, static (count, _) => count + 1, static (a, b) => a + b, ordered: false)
            .Down.KeyRm("unkey").Output("out", down = h.Sink<(long, int)>()));

        Assert.Equal(Enumerable.Range(0, 1667).Select(i => ((long)i, i < 1666 ? 60 : 40)), down.Items);
    }

    private static Event At(int seconds, string value) => new(_align.AddSeconds(seconds), value);

    private static (List<string> Down, List<(long, string)> Late, List<(long, WindowMetadata)> Meta) RunCollecting(Event[] input, Windower windower)
    {
        RecordingSink<(long, List<string>)> down = null!;
        RecordingSink<(long, Event)> late = null!;
        RecordingSink<(long, WindowMetadata)> meta = null!;
        WindowFlow.Run(h =>
        {
            var windows = h.Input("inp", input).KeyOn("key", _ => "ALL")
                .FoldWindow("sum", new EventClock<Event>(e => e.Timestamp, TimeSpan.Zero), windower,
                    static () => new List<string>(),
                    static (acc, e) =>
                    {
                        acc.Add(e.Value);
                        return acc;
                    },
                    static (a, b) => [.. a, .. b]);
            windows.Down.KeyRm("unkey").Output("out", down = h.Sink<(long, List<string>)>());
            windows.Late.KeyRm("late_unkey").Output("late", late = h.Sink<(long, Event)>());
            windows.Meta.KeyRm("meta_unkey").Output("meta", meta = h.Sink<(long, WindowMetadata)>());
        });
        return (
            down.Items.ConvertAll(i => $"{i.Item1}:{string.Join(',', i.Item2)}"),
            late.Items.ConvertAll(i => (i.Item1, i.Item2.Value)),
            meta.Items);
    }

    private sealed record UserEvent(DateTimeOffset Timestamp, string Type);

    private sealed record Event(DateTimeOffset Timestamp, string Value);
}
