using System.Globalization;
using Orleans.Dataflow.Abstractions.Tests.Connectors;
using Orleans.Dataflow.Serialization;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Abstractions.Tests.Windowing;

/// <summary>Window logic under a stream watermark (<see cref="WatermarkScope.PerStream"/>) against a small reference model, on seeded random input.</summary>
/// <remarks>
/// <para>The logic is driven as the engine's stateful operator drives it: before each batch (an epoch) the stream
/// watermark moves to the largest <c>timestamp - wait</c> of every item of the batches before, the keys whose
/// notification time it has reached are notified, then the batch's items are applied; EOF closes the rest.</para>
/// <para>The reference (<see cref="Reference"/>): an item before the watermark of its batch is late, for every window
/// it would be in; otherwise it goes into those windows; a window closes before the first batch whose watermark
/// reaches its close — whether its key has items there or not — or at EOF. Per key, results and metadata come in
/// closing order (windows closing together by id), late items in arrival order. Tumbling and sliding windows,
/// overlapping and gapped, ordered and unordered; each case is drawn from its own seed, printed on failure.</para>
/// </remarks>
public sealed class StreamWatermarkPropertyTests
{
    private const int CasesPerSeed = 40;
    private static readonly DateTimeOffset _origin = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 10).Select(i => i * 7919)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void WindowLogic_StreamScopeOnRandomBatches_MatchesReferenceDownLateAndMeta(int seed)
    {
        var seeds = new Random(seed);
        for (var i = 0; i < CasesPerSeed; i++)
        {
            var caseSeed = seeds.Next();
            var c = RandomCase(new Random(caseSeed));
            var expected = Reference(c);
            var actual = Run(c);
            foreach (var key in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
            {
                var want = expected.GetValueOrDefault(key, []);
                var got = actual.GetValueOrDefault(key, []);
                Assert.True(want.SequenceEqual(got),
                    $"seed {seed}, case seed {caseSeed}, {c}, key {key}:\n  expected [{string.Join(" ", want)}]\n  actual   [{string.Join(" ", got)}]");
            }
        }
    }

    [Fact]
    public void WindowLogic_StreamScopeSessions_CloseWhenTheStreamPassesTheirGapWithoutNewItems()
    {
        var clock = new EventClock<Item>(e => Time(e.At), TimeSpan.Zero, scope: WatermarkScope.PerStream);
        var windows = new FoldWindowAggregator<Item, string>(() => "", (trace, e) => $"{trace}{e.Id};", (x, y) => x + y);
        var logic = new WindowKeyedLogic<Item, string, string, string>(clock, new SessionWindower(TimeSpan.FromSeconds(5)), windows, ordered: false,
            new ManualTimeProvider(_origin));
        var driver = new KeyedLogicDriver<Item, WindowEvent<Item, string>, WindowKeyState<Item, string>, WindowSnapshot<Item, string>>(
            logic, new WindowSnapshotSerde<Item, string>(Serde.For<Item>(), Serde.For<string>()));

        driver.Batch(("a", new Item("a", 0, 0)), ("a", new Item("a", 1, 1)), ("b", new Item("b", 2, 2)));
        logic.OnStreamWatermark(Time(3));
        driver.FireDue(Time(3));
        Assert.Empty(driver.Output);

        logic.OnStreamWatermark(Time(20));
        driver.FireDue(Time(20));
        driver.Batch(("a", new Item("a", 4, 3)));

        Assert.Equal(["a emit 0:0;1;", "a meta 0:0-1", "b emit 0:2;", "b meta 0:2-2", "a late -1:3"], driver.Output.Select(o => $"{o.Key} {Render(o.Value)}"));
    }

    private static Case RandomCase(Random r)
    {
        var kind = r.Next(3);
        var offset = r.Next(1, 8);
        var length = kind switch
        {
            0 => offset,
            1 => offset + r.Next(1, (2 * offset) + 3),
            _ => r.Next(1, offset),
        };
        long? wait = r.Next(5) switch
        {
            0 => 0,
            1 or 2 => r.Next(1, 12),
            3 => 1_000,
            _ => null,
        };
        var keys = new[] { "a", "b", "c", "d" }[..r.Next(1, 5)];
        var t = (long)r.Next(-20, 11);
        var batches = new List<List<Item>>();
        var id = 0;
        for (var b = r.Next(1, 12); b > 0; b--)
        {
            var batch = new List<Item>();
            for (var n = r.Next(0, 6); n > 0; n--)
            {
                t += r.Next(0, 4);
                batch.Add(new Item(keys[r.Next(keys.Length)], t + r.Next(-8, 3), id++));
            }

            batches.Add(batch);
        }

        return new Case(length, offset, r.Next(-10, 11), wait, r.Next(2) == 0, batches);
    }

    /// <summary>What the logic emits per key: "emit id:items", "meta id:open-close" and "late id:item", in order.</summary>
    private static Dictionary<string, List<string>> Run(Case c)
    {
        var clock = new EventClock<Item>(e => Time(e.At), c.Wait is { } w ? TimeSpan.FromSeconds(w) : TimeSpan.MaxValue, scope: WatermarkScope.PerStream);
        var windower = new SlidingWindower(TimeSpan.FromSeconds(c.Length), TimeSpan.FromSeconds(c.Offset), Time(c.Align));
        var windows = new FoldWindowAggregator<Item, string>(() => "", (trace, e) => $"{trace}{e.Id};", (x, y) => x + y);
        var logic = new WindowKeyedLogic<Item, string, string, string>(clock, windower, windows, c.Ordered, new ManualTimeProvider(_origin));
        var driver = new KeyedLogicDriver<Item, WindowEvent<Item, string>, WindowKeyState<Item, string>, WindowSnapshot<Item, string>>(
            logic, new WindowSnapshotSerde<Item, string>(Serde.For<Item>(), Serde.For<string>()));
        var watermark = DateTimeOffset.MinValue;
        foreach (var batch in c.Batches)
        {
            logic.OnStreamWatermark(watermark);
            driver.FireDue(watermark);
            driver.Batch([.. batch.Select(e => (e.Key, e))]);
            foreach (var e in batch)
            {
                // What the item lets the stream reach: its time less the wait, or the earliest time when that is before it.
                var reached = TimeMath.TrySubtract(clock.StreamTimestampOf!(e), clock.StreamWatermarkWait) ?? DateTimeOffset.MinValue;
                if (reached > watermark)
                {
                    watermark = reached;
                }
            }
        }

        driver.Eof();
        return driver.Output.GroupBy(o => o.Key).ToDictionary(g => g.Key, g => g.Select(o => Render(o.Value)).ToList(), StringComparer.Ordinal);
    }

    private static Dictionary<string, List<string>> Reference(Case c)
    {
        var output = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var open = new SortedDictionary<(string Key, long Id), List<Item>>();
        long? watermark = null;
        void CloseWhere(Func<long, bool> closes)
        {
            foreach (var ((key, id), items) in open.Where(w => closes(Close(c, w.Key.Id))).ToList())
            {
                var applied = c.Ordered ? items.OrderBy(e => e.At).ThenBy(e => e.Id) : (IEnumerable<Item>)items;
                Out(output, key).Add($"emit {id}:{string.Concat(applied.Select(e => $"{e.Id};"))}");
                Out(output, key).Add($"meta {id}:{Open(c, id)}-{Close(c, id)}");
                open.Remove((key, id));
            }
        }

        foreach (var batch in c.Batches)
        {
            if (watermark is { } reached)
            {
                CloseWhere(close => close <= reached);
            }

            foreach (var e in batch)
            {
                foreach (var id in Ids(c, e.At))
                {
                    if (watermark is { } w && e.At < w)
                    {
                        Out(output, e.Key).Add($"late {id}:{e.Id}");
                    }
                    else
                    {
                        (open.TryGetValue((e.Key, id), out var items) ? items : open[(e.Key, id)] = []).Add(e);
                    }
                }
            }

            foreach (var e in batch)
            {
                if (c.Wait is { } wait && (watermark is null || e.At - wait > watermark))
                {
                    watermark = e.At - wait;
                }
            }
        }

        CloseWhere(_ => true);
        return output;
    }

    private static List<string> Out(Dictionary<string, List<string>> output, string key) =>
        output.TryGetValue(key, out var list) ? list : output[key] = [];

    /// <summary>The ids of the windows an item at <paramref name="at"/> falls in: window n is [align + n·offset, align + n·offset + length).</summary>
    private static IEnumerable<long> Ids(Case c, long at)
    {
        var last = FloorDiv(at - c.Align, c.Offset);
        for (var id = FloorDiv(at - c.Align - c.Length, c.Offset) + 1; id <= last; id++)
        {
            yield return id;
        }
    }

    private static long Open(Case c, long id) => c.Align + (id * c.Offset);

    private static long Close(Case c, long id) => Open(c, id) + c.Length;

    private static long FloorDiv(long a, long b) => (a / b) - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);

    private static DateTimeOffset Time(long seconds) => _origin.AddSeconds(seconds);

    private static long Seconds(DateTimeOffset time) => (long)(time - _origin).TotalSeconds;

    private static string Render(WindowEvent<Item, string> e) => e.Kind switch
    {
        WindowEventKind.Emit => $"emit {e.WindowId}:{e.Emitted}",
        WindowEventKind.Late => $"late {e.WindowId}:{e.Late.Id}",
        _ => $"meta {e.WindowId}:{Seconds(e.Meta!.OpenTime)}-{Seconds(e.Meta.CloseTime)}",
    };

    /// <summary>An item: its key, its timestamp in seconds after the origin, and its arrival index.</summary>
    public sealed record Item(string Key, long At, int Id);

    /// <summary>One random input: sliding windows (tumbling when length equals offset, gapped when shorter), the wait in seconds (null: forever), ordering, and the batches.</summary>
    private sealed record Case(long Length, long Offset, long Align, long? Wait, bool Ordered, List<List<Item>> Batches)
    {
        public override string ToString() =>
            $"windows of {Length} every {Offset} from {Align}, wait {Wait?.ToString(CultureInfo.InvariantCulture) ?? "forever"}, {(Ordered ? "ordered" : "unordered")}, batches "
            + string.Join(" | ", Batches.Select(b => string.Join(" ", b.Select(e => $"{e.Key}@{e.At}#{e.Id}"))));
    }
}
