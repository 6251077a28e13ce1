using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Windowing;

/// <summary>A user's own clock and windower, written against <see cref="Clock{TValue,TState}"/> and <see cref="Windower{TState}"/>, run in a flow.</summary>
public sealed class CustomClockAndWindowerTests
{
    [Fact]
    public void FoldWindow_CustomClockAndWindower_GroupsByTheirRulesAndReportsLateItems()
    {
        // Items are (second, value); windows hold one even second and the odd second after it.
        var items = new (int Second, int Value)[] { (0, 1), (1, 2), (3, 4), (2, 8), (4, 16), (1, 32) };
        var results = new List<(string, (long, int))>();
        var late = new List<(string, (long, (int, int)))>();
        WindowFlow.Run(h =>
        {
            var windows = h.Input("inp", items).KeyOn("key", _ => "k")
                .FoldWindow("sum", new SecondsClock(), new PairWindower(), () => 0, (sum, item) => sum + item.Value, (a, b) => a + b);
            windows.Down.Output("down", h.Sink<(string, (long, int))>(results.Add));
            windows.Late.Output("late", h.Sink<(string, (long, (int, int)))>(late.Add));
        });

        // (2, 8) arrives after second 3: the clock's watermark is 3, so it is late for pair 1; (1, 32) likewise for pair 0.
        Assert.Equal([("k", (0L, 3)), ("k", (1L, 4)), ("k", (2L, 16))], results.Order());
        Assert.Equal([("k", (0L, (1, 32))), ("k", (1L, (2, 8)))], late.Order());
    }

    [Fact]
    public void Window_ClockWhoseWatermarkGoesBack_FailsNamingTheStep()
    {
        var error = Assert.Throws<DataflowException>(() => WindowFlow.Run(h =>
            h.Input("inp", new[] { (5, 1), (3, 1) }).KeyOn("key", _ => "k")
                .FoldWindow("sum", new SecondsClock(regresses: true), new PairWindower(), () => 0, (sum, item) => sum + item.Item2, (a, b) => a + b)
                .Down.Output("down", h.Sink<(string, (long, int))>())));

        Assert.Contains("sum.window", error.Message, StringComparison.Ordinal);
        Assert.Contains("watermark went back", error.InnerException!.Message, StringComparison.Ordinal);
    }

    /// <summary>Timestamp = the item's second; watermark = the largest second seen (or, regressing, the last one).</summary>
    private sealed class SecondsClock(bool regresses = false) : Clock<(int Second, int Value), int>
    {
        public override ClockLogic<(int Second, int Value), int> Build(int resumeState) => new Logic(resumeState, regresses);

        private sealed class Logic(int newest, bool regresses) : ClockLogic<(int Second, int Value), int>
        {
            public override (DateTimeOffset Timestamp, DateTimeOffset Watermark) OnItem((int Second, int Value) value, DateTimeOffset now)
            {
                newest = regresses ? value.Second : Math.Max(newest, value.Second);
                return (At(value.Second), At(newest));
            }

            public override DateTimeOffset OnNotify(DateTimeOffset now) => At(newest);

            public override DateTimeOffset OnEof() => DateTimeOffset.MaxValue;

            public override DateTimeOffset? ToSystemTime(DateTimeOffset timestamp) => null;

            public override int Snapshot() => newest;
        }
    }

    /// <summary>Window n holds seconds 2n and 2n + 1 and closes at second 2n + 2; the snapshot is the open window ids.</summary>
    private sealed class PairWindower : Windower<List<long>>
    {
        public override WindowerLogic<List<long>> Build(List<long>? resumeState) => new Logic(resumeState ?? []);

        private sealed class Logic(List<long> open) : WindowerLogic<List<long>>
        {
            public override bool IsEmpty => open.Count == 0;

            public override void OpenFor(DateTimeOffset timestamp, List<long> windowIds)
            {
                var id = IdOf(timestamp);
                if (!open.Contains(id))
                {
                    open.Add(id);
                }

                windowIds.Add(id);
            }

            public override void LateFor(DateTimeOffset timestamp, List<long> windowIds) => windowIds.Add(IdOf(timestamp));

            public override void TakeMerged(List<(long Original, long Target)> merges)
            {
            }

            public override void CloseFor(DateTimeOffset watermark, List<(long WindowId, WindowMetadata Metadata)> closed)
            {
                foreach (var id in open.Where(id => At((int)(2 * id) + 2) <= watermark).ToList())
                {
                    open.Remove(id);
                    closed.Add((id, new WindowMetadata(At((int)(2 * id)), At((int)(2 * id) + 2))));
                }
            }

            public override DateTimeOffset? NotifyAt() => null;

            public override List<long> Snapshot() => open;

            private static long IdOf(DateTimeOffset timestamp) => (long)(timestamp - DateTimeOffset.UnixEpoch).TotalSeconds / 2;
        }
    }

    private static DateTimeOffset At(int second) => DateTimeOffset.UnixEpoch.AddSeconds(second);
}
