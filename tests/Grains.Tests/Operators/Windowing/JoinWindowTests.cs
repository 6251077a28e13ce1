using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Windowing;

/// <summary>Bytewax's test_join_window.py: session windows (gap 10 s), an event clock that waits for ever, so every window closes at EOF.</summary>
public sealed class JoinWindowTests
{
    private static readonly DateTimeOffset _align = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void JoinWindow_FirstComplete_EmitsOnceBothSidesHaveAValueKeepingTheFirst()
    {
        // Ordered: the right items are applied in timestamp order, 2 (at 1 s) before 3 (at 2 s).
        var output = Run([At(0, 1)], [At(2, 3), At(1, 2)], JoinInsertMode.First, JoinEmitMode.Complete);

        Assert.Equal([(1, 2)], output);
    }

    [Fact]
    public void JoinWindow_LastComplete_EmitsOnceBothSidesHaveAValue()
    {
        var output = Run([At(0, 1)], [At(1, 2)], JoinInsertMode.Last, JoinEmitMode.Complete);

        Assert.Equal([(1, 2)], output);
    }

    [Fact]
    public void JoinWindow_LastFinal_EmitsTheLastValuesWhenTheWindowCloses()
    {
        var output = Run([At(0, 1)], [At(1, 2), At(2, 3)], JoinInsertMode.Last, JoinEmitMode.Final);

        Assert.Equal([(1, 3)], output);
    }

    [Fact]
    public void JoinWindow_DefaultModes_AreLastFinal()
    {
        var output = Run([At(0, 1)], [At(1, 2), At(2, 3)], null, null);

        Assert.Equal([(1, 3)], output);
    }

    [Fact]
    public void JoinWindow_LastRunning_EmitsTheCurrentRowOnEveryValue()
    {
        var output = Run([At(0, 1)], [At(1, 2), At(2, 3)], JoinInsertMode.Last, JoinEmitMode.Running);

        Assert.Equal([(1, null), (1, 2), (1, 3)], output);
    }

    [Fact]
    public void JoinWindow_ProductFinal_EmitsEveryCombinationWhenTheWindowCloses()
    {
        var output = Run([At(0, 1), At(1, 2)], [At(1, 3), At(2, 4)], JoinInsertMode.Product, JoinEmitMode.Final);

        Assert.Equal([(1, 3), (1, 4), (2, 3), (2, 4)], output);
    }

    private static Event At(int seconds, int value) => new(_align.AddSeconds(seconds), value);

    private static List<(int?, int?)> Run(Event[] left, Event[] right, JoinInsertMode? insertMode, JoinEmitMode? emitMode)
    {
        RecordingSink<(int?, int?)> down = null!;
        WindowFlow.Run(h =>
        {
            var lefts = h.Input("inp_l", left).KeyOn("key_l", _ => "ALL");
            var rights = h.Input("inp_r", right).KeyOn("key_r", _ => "ALL");
            var clock = new EventClock<JoinSide<Event, Event>>(side => side.Match(l => l.Timestamp, r => r.Timestamp), TimeSpan.MaxValue);
            var windower = new SessionWindower(TimeSpan.FromSeconds(10));
            var joined = insertMode is { } insert && emitMode is { } emit
                ? lefts.JoinWindow("join", clock, windower, rights, insert, emit)
                : lefts.JoinWindow("join", clock, windower, rights);
            joined.Down.KeyRm("unkey").Map("clean", w => (w.Value.Left?.Value, w.Value.Right?.Value)).Output("out", down = h.Sink<(int?, int?)>());
        });
        return down.Items;
    }

    private sealed record Event(DateTimeOffset Timestamp, int Value);
}
