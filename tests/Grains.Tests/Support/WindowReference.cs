using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>The windowers the reference knows: tumbling, sliding with overlap, sliding with gaps, sessions.</summary>
public enum WindowKind
{
    Tumbling,
    SlidingOverlapping,
    SlidingGapped,
    Session,
}

/// <summary>An item of a windowing test: its key, its timestamp in units after <see cref="WindowReference.Origin"/>, a value, and its arrival index.</summary>
internal sealed record Ev(string Key, long At, int Value, int Id)
{
    public override string ToString() => $"{Key}@{At}={Value}#{Id}";
}

/// <summary>A windower's settings in whole units: window length, offset and alignment (sliding and tumbling) or gap (sessions).</summary>
internal sealed record WindowSpec(WindowKind Kind, long Length, long Offset, long Align, long Gap)
{
    /// <summary>The engine's windower for these settings, one unit being <paramref name="unit"/>.</summary>
    public Windower Build(TimeSpan unit) => Kind switch
    {
        WindowKind.Tumbling => new TumblingWindower(unit * Length, WindowReference.Time(Align, unit)),
        WindowKind.Session => new SessionWindower(unit * Gap),
        _ => new SlidingWindower(unit * Length, unit * Offset, WindowReference.Time(Align, unit)),
    };

    public override string ToString() => Kind == WindowKind.Session
        ? $"session(gap {Gap})"
        : $"{Kind}(length {Length}, offset {Offset}, align {Align})";
}

/// <summary>A window the reference expects: its key and id, bounds, items in arrival order, and the arrival index after which it closes.</summary>
/// <remarks><see cref="ClosedAfter"/> is the arrival index of the key's item after which the window closes; <see cref="int.MaxValue"/> for EOF.</remarks>
internal sealed record RefWindow(string Key, long Id, long Open, long Close, IReadOnlyList<Ev> Items, int ClosedAfter)
{
    /// <summary>The items in the order a window's logic sees them: timestamp order (ties by arrival) when ordered, else arrival order.</summary>
    public IReadOnlyList<Ev> Applied(bool ordered) => ordered ? [.. Items.OrderBy(e => e.At).ThenBy(e => e.Id)] : Items;
}

/// <summary>What the reference expects of one windowing run: late items with the window ids they are reported for, and every window.</summary>
/// <remarks><see cref="OnTimeInTimeOrder"/>: whether every key's on-time items arrived in timestamp order (then session ids do not depend on ordering).</remarks>
internal sealed record RefResult(IReadOnlyList<(string Key, long WindowId, Ev Item)> Late, IReadOnlyList<RefWindow> Windows, bool OnTimeInTimeOrder);

/// <summary>A plain, single-threaded statement of per-key event-clock windowing (Bytewax's semantics), to check the engine against.</summary>
/// <remarks>
/// <para>Per key, the watermark after an item is the largest <c>At - wait</c> of the key's items so far (no wait:
/// never any watermark); an item whose timestamp is before the watermark left by the key's earlier items is late.
/// The run clock is assumed not to move, so system time adds nothing to the watermark.</para>
/// <para>Sliding and tumbling: window <c>n</c> is <c>[align + n·offset, align + n·offset + length)</c>; a window exists
/// once an on-time item falls in it and closes after the first item of its key that brings the watermark to its close,
/// or at EOF. Sessions: a key's on-time items sorted by timestamp, cut wherever two neighbours are more than the gap
/// apart; ids 0, 1, 2... in time order; a session closes once the watermark is more than the gap past its last item.
/// Late items of sessions are reported with id -1.</para>
/// </remarks>
internal static class WindowReference
{
    /// <summary>The instant that timestamps, alignments and bounds count from.</summary>
    public static readonly DateTimeOffset Origin = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset Time(long units, TimeSpan unit) => Origin + (unit * units);

    /// <summary>Computes the late items and windows of <paramref name="events"/> (in arrival order, <see cref="Ev.Id"/> their index) with a wait of <paramref name="wait"/> units (null: forever).</summary>
    public static RefResult Compute(IReadOnlyList<Ev> events, WindowSpec spec, long? wait)
    {
        var late = new List<(string, long, Ev)>();
        var onTime = new List<Ev>();
        var watermarkAfter = new Dictionary<int, long?>();
        foreach (var key in events.GroupBy(e => e.Key))
        {
            long? watermark = null;
            foreach (var e in key)
            {
                if (watermark is { } w && e.At < w)
                {
                    List<long> ids = spec.Kind == WindowKind.Session ? [SessionWindower.LateSessionId] : SlidingIds(spec, e.At);
                    late.AddRange(ids.Select(id => (e.Key, id, e)));
                }
                else
                {
                    onTime.Add(e);
                }

                if (wait is { } waitUnits && (watermark is null || e.At - waitUnits > watermark))
                {
                    watermark = e.At - waitUnits;
                }

                watermarkAfter[e.Id] = watermark;
            }
        }

        var windows = new List<RefWindow>();
        foreach (var key in onTime.GroupBy(e => e.Key))
        {
            var arrivals = events.Where(e => e.Key == key.Key).ToList();
            int ClosedAfter(Func<long, bool> closes) =>
                arrivals.FirstOrDefault(e => watermarkAfter[e.Id] is { } w && closes(w))?.Id ?? int.MaxValue;

            if (spec.Kind == WindowKind.Session)
            {
                var sessions = new List<List<Ev>>();
                foreach (var e in key.OrderBy(e => e.At).ThenBy(e => e.Id))
                {
                    if (sessions.Count == 0 || e.At - sessions[^1][^1].At > spec.Gap)
                    {
                        sessions.Add([]);
                    }

                    sessions[^1].Add(e);
                }

                windows.AddRange(sessions.Select((items, id) =>
                {
                    var (open, close) = (items[0].At, items[^1].At);
                    return new RefWindow(key.Key, id, open, close, [.. items.OrderBy(e => e.Id)], ClosedAfter(w => w - spec.Gap > close));
                }));
            }
            else
            {
                foreach (var window in key.SelectMany(e => SlidingIds(spec, e.At).Select(id => (Id: id, Item: e))).GroupBy(p => p.Id))
                {
                    var open = spec.Align + (window.Key * spec.Offset);
                    var close = open + spec.Length;
                    windows.Add(new RefWindow(key.Key, window.Key, open, close, [.. window.Select(p => p.Item)], ClosedAfter(w => w >= close)));
                }
            }
        }

        var inTimeOrder = onTime.GroupBy(e => e.Key).All(key => key.Zip(key.Skip(1)).All(pair => pair.First.At <= pair.Second.At));
        return new RefResult(late, windows, inTimeOrder);
    }

    /// <summary>The ids of the sliding windows containing <paramref name="at"/>, ascending: start from the last window opening at or before it and walk back while windows still reach past it.</summary>
    public static List<long> SlidingIds(WindowSpec spec, long at)
    {
        var ids = new List<long>();
        for (var n = (long)Math.Floor((double)(at - spec.Align) / spec.Offset); spec.Align + (n * spec.Offset) + spec.Length > at; n--)
        {
            ids.Add(n);
        }

        ids.Reverse();
        return ids;
    }
}
