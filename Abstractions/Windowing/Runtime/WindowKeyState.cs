using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Orleans.Dataflow.Windowing;

/// <summary>What a windowing operator keeps per key: its clock, its windower, a slot per open window, and items waiting for the watermark.</summary>
/// <remarks>
/// A struct held inline in the stateful operator's table, so an on-time item of the window its key last used reads
/// and writes this entry and nothing else: the clock and that window's slot are fields here. Other open windows
/// (sliding overlaps, sessions, the previous window until it closes) are in <see cref="Others"/>. A window is either
/// the last one or in <see cref="Others"/>, never both.
/// </remarks>
internal struct WindowKeyState<TValue, TSlot>
{
    /// <summary>Creates the state of a key with no window, no queued item and no watermark yet.</summary>
    public WindowKeyState(WindowerRuntime windower)
    {
        Windower = windower;
    }

    /// <summary>The key's clock.</summary>
    public KeyClockState Clock;

    /// <summary>The key's windows: which are open, when they close, which merged.</summary>
    public WindowerRuntime Windower;

    /// <summary>The last watermark the clock gave, in UTC ticks; the next must not be earlier.</summary>
    public long LastWatermark = long.MinValue;

    /// <summary>Whether <see cref="LastWindowId"/> and <see cref="LastSlot"/> hold an open window.</summary>
    public bool HasLast;

    /// <summary>The window the last value went to: consecutive values of a key mostly go to the same window.</summary>
    public long LastWindowId;

    /// <summary>The slot of <see cref="LastWindowId"/>.</summary>
    public TSlot LastSlot = default!;

    /// <summary>The bounds, in UTC ticks, of <see cref="LastWindowId"/> when it is the only window its items fall in (tumbling); an empty range otherwise.</summary>
    /// <remarks>An on-time item in this range goes straight to <see cref="LastSlot"/>, without asking the windower.</remarks>
    public long SingleOpenTicks = long.MaxValue;

    /// <summary>The end of the <see cref="SingleOpenTicks"/> range, exclusive.</summary>
    public long SingleCloseTicks = long.MinValue;

    /// <summary>The windower's earliest close as last asked, in UTC ticks: below it no window can close, so closing is not asked for.</summary>
    public long NextCloseTicks = long.MinValue;

    /// <summary>The start of the span of time, in UTC ticks, whose items fall in exactly windows <see cref="RangeFirst"/> to <see cref="RangeLast"/> (sliding windows); an empty span otherwise.</summary>
    /// <remarks>An on-time item in this span goes straight to those windows' slots, without asking the windower.</remarks>
    public long RangeFromTicks = long.MaxValue;

    /// <summary>The end of the <see cref="RangeFromTicks"/> span, exclusive.</summary>
    public long RangeUntilTicks = long.MinValue;

    /// <summary>The first window of the <see cref="RangeFromTicks"/> span's items.</summary>
    public long RangeFirst;

    /// <summary>The last window of the <see cref="RangeFromTicks"/> span's items (below <see cref="RangeFirst"/> if none).</summary>
    public long RangeLast = -1;

    /// <summary>The slots of open windows <see cref="RunFirst"/>, <see cref="RunFirst"/> + 1, … (<see cref="RunCount"/> of them), or null before there are any.</summary>
    /// <remarks>
    /// The open windows of a sliding windower are mostly consecutive ids, opened at the end and closed at the start:
    /// kept here they are found by subtraction, where <see cref="Others"/> would hash every one of them for every item.
    /// </remarks>
    public TSlot[]? Run;

    /// <summary>The window of <c>Run[0]</c>.</summary>
    public long RunFirst;

    /// <summary>How many slots of <see cref="Run"/> are open windows.</summary>
    public int RunCount;

    /// <summary>The slots of the open windows other than the last one and those of <see cref="Run"/>, or null before there are any.</summary>
    public Dictionary<long, TSlot>? Others;

    /// <summary>On-time items not yet applied because the watermark has not reached them (ordered operators only), with their timestamps in UTC ticks, in arrival order; null before the first.</summary>
    public List<(TValue Value, long Ticks)>? Queue;

    /// <summary>The earliest timestamp in <see cref="Queue"/>, in UTC ticks; meaningless when the queue is empty.</summary>
    public long EarliestQueuedTicks = long.MaxValue;

    /// <summary>How many items wait in <see cref="Queue"/>.</summary>
    public readonly int QueuedCount => Queue?.Count ?? 0;

    /// <summary>Whether the key keeps nothing: no open window, no queued item, an empty windower.</summary>
    public readonly bool IsEmpty => !HasLast && RunCount == 0 && (Others is null || Others.Count == 0) && QueuedCount == 0 && Windower.IsEmpty;

    /// <summary>The slot of open window <paramref name="windowId"/>, or a null reference when the window has none.</summary>
    [UnscopedRef]
    public ref TSlot Find(long windowId)
    {
        if (HasLast && LastWindowId == windowId)
        {
            return ref LastSlot;
        }

        if ((ulong)(windowId - RunFirst) < (ulong)RunCount)
        {
            return ref Run![windowId - RunFirst];
        }

        return ref Others is null ? ref Unsafe.NullRef<TSlot>() : ref CollectionsMarshal.GetValueRefOrNullRef(Others, windowId);
    }

    /// <summary>Takes window <paramref name="windowId"/>'s slot out of the key (the window closed or merged away); false when it has none.</summary>
    public bool TryTake(long windowId, out TSlot slot)
    {
        if (HasLast && LastWindowId == windowId)
        {
            slot = LastSlot;
            ClearLast();
            return true;
        }

        if ((ulong)(windowId - RunFirst) < (ulong)RunCount)
        {
            if (windowId >= RangeFirst && windowId <= RangeLast)
            {
                ForgetRange();
            }

            if (windowId != RunFirst)
            {
                // Not the earliest, so not by a windower closing in order: the run would have a hole, so it ends here.
                MoveRunToOthers();
                return Others!.Remove(windowId, out slot!);
            }

            slot = Run![0];
            RunCount--;
            Array.Copy(Run, 1, Run, 0, RunCount);
            Run[RunCount] = default!;
            RunFirst++;
            return true;
        }

        if (Others is not null && Others.Remove(windowId, out slot!))
        {
            return true;
        }

        slot = default!;
        return false;
    }

    /// <summary>Adds window <paramref name="windowId"/>, which the key has no slot for, to <see cref="Run"/> if it comes right after it (or starts it), else to <see cref="Others"/>.</summary>
    public void AddToRun(long windowId, TSlot slot)
    {
        if (RunCount == 0)
        {
            RunFirst = windowId;
        }
        else if (windowId != RunFirst + RunCount)
        {
            AddOther(windowId, slot);
            return;
        }

        Run ??= new TSlot[Math.Max(2, Windower.TypicalOpenCount)];
        if (RunCount == Run.Length)
        {
            Array.Resize(ref Run, Run.Length * 2);
        }

        Run[RunCount++] = slot;
    }

    /// <summary>Stops sending items straight to the windows of the <see cref="RangeFromTicks"/> span.</summary>
    public void ForgetRange()
    {
        RangeFromTicks = long.MaxValue;
        RangeUntilTicks = long.MinValue;
    }

    /// <summary>Makes <paramref name="windowId"/>, which has <paramref name="slot"/>, the last window, moving the previous last one to <see cref="Others"/>.</summary>
    public void MakeLast(long windowId, TSlot slot)
    {
        if (HasLast)
        {
            (Others ??= []).Add(LastWindowId, LastSlot);
        }

        LastWindowId = windowId;
        LastSlot = slot;
        HasLast = true;
        SingleOpenTicks = long.MaxValue;
        SingleCloseTicks = long.MinValue;
    }

    /// <summary>Adds window <paramref name="windowId"/>, which the key has no slot for, to <see cref="Others"/>.</summary>
    public void AddOther(long windowId, TSlot slot) => (Others ??= []).Add(windowId, slot);

    private void MoveRunToOthers()
    {
        var others = Others ??= [];
        for (var i = 0; i < RunCount; i++)
        {
            others.Add(RunFirst + i, Run![i]);
            Run[i] = default!;
        }

        RunCount = 0;
    }

    private void ClearLast()
    {
        HasLast = false;
        LastSlot = default!;
        SingleOpenTicks = long.MaxValue;
        SingleCloseTicks = long.MinValue;
    }
}
