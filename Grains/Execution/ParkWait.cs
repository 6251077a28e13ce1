using System.Diagnostics;

namespace Orleans.Dataflow.Grains.Execution;

/// <summary>How a parked worker waits for its next deadline or a wake-up: blocks on its event for the whole milliseconds, spins through the rest.</summary>
/// <remarks>
/// Kernel waits count whole milliseconds, so a deadline 300 µs away either returned 700 µs late or, rounded down,
/// at once. This wait blocks only for whole milliseconds that end before the deadline's last stretch, and spins (yielding
/// the core while the deadline is over 50 µs away, so a loaded machine's other threads run) through that stretch: at most <see cref="HotSpin"/> when the
/// worker did work within the last <see cref="HotWindow"/>, else at most <see cref="ColdSpin"/>, so an idle worker
/// polling a source every millisecond never spins. A hot worker also spins up to <see cref="WakeSpin"/> for a
/// wake-up before it blocks: a message from a running partition of the same silo then reaches it without either
/// thread entering the kernel (the sender's <see cref="ManualResetEventSlim.Set()"/> only enters it for a waiter).
/// Not thread-safe: one worker's.
/// </remarks>
internal sealed class ParkWait
{
    /// <summary>The last stretch before a deadline that a worker which did work lately spins through instead of blocking.</summary>
    public static readonly TimeSpan HotSpin = TimeSpan.FromMilliseconds(1);

    /// <summary>The last stretch before a deadline that an idle worker spins through: under a source's 1 ms cool-down, so idle polling never spins.</summary>
    public static readonly TimeSpan ColdSpin = TimeSpan.FromMicroseconds(250);

    /// <summary>How long a worker that did work lately spins for a wake-up before it blocks.</summary>
    public static readonly TimeSpan WakeSpin = TimeSpan.FromMicroseconds(50);

    /// <summary>How close to a deadline a spin stops yielding: a yield on a loaded machine can give the core away for a whole time slice.</summary>
    public static readonly TimeSpan NoYield = TimeSpan.FromMicroseconds(50);

    /// <summary>How recently a worker must have done work to count as hot.</summary>
    public static readonly TimeSpan HotWindow = TimeSpan.FromMilliseconds(1);

    private readonly Func<TimeSpan> _elapsed;
    private readonly Func<bool> _isSet;
    private readonly Func<int, bool> _block;
    private readonly Action<bool> _spinOnce;

    /// <summary>Creates a wait on <paramref name="signal"/>, timed by <see cref="Stopwatch"/>.</summary>
    public ParkWait(ManualResetEventSlim signal)
        : this(StopwatchElapsed(), () => signal.IsSet, signal.Wait, SpinOnce)
    {
    }

    /// <summary>Creates a wait with its own clock and event, for tests.</summary>
    /// <param name="elapsed">A monotonic clock.</param>
    /// <param name="isSet">Whether a wake-up has come.</param>
    /// <param name="block">Blocks until a wake-up or for the given milliseconds (-1: without end); returns whether a wake-up came.</param>
    /// <param name="spinOnce">One step of a spin; true when it may yield the core to another thread.</param>
    public ParkWait(Func<TimeSpan> elapsed, Func<bool> isSet, Func<int, bool> block, Action<bool> spinOnce)
    {
        _elapsed = elapsed;
        _isSet = isSet;
        _block = block;
        _spinOnce = spinOnce;
    }

    /// <summary>Waits until a wake-up or until <paramref name="timeout"/> (null: no deadline) has passed; returns whether a wake-up ended it.</summary>
    /// <param name="timeout">How long from now the deadline is; null when there is none.</param>
    /// <param name="hot">Whether the worker did work within <see cref="HotWindow"/>: it spins longer, expecting more.</param>
    public bool Wait(TimeSpan? timeout, bool hot)
    {
        var start = _elapsed();
        var deadline = timeout is { } t ? start + t : TimeSpan.MaxValue;
        var spinBelow = hot ? HotSpin : ColdSpin;
        var spins = 0;
        if (hot)
        {
            var until = deadline - start <= spinBelow ? deadline : start + WakeSpin;
            for (var now = _elapsed(); now < until; now = _elapsed())
            {
                if (_isSet())
                {
                    return true;
                }

                _spinOnce(MayYield(spins++, deadline - now));
            }
        }

        while (true)
        {
            if (_isSet())
            {
                return true;
            }

            var now = _elapsed();
            if (now >= deadline)
            {
                return false;
            }

            if (deadline == TimeSpan.MaxValue)
            {
                return _block(Timeout.Infinite);
            }

            var remaining = deadline - now;
            if (remaining <= spinBelow)
            {
                _spinOnce(MayYield(spins++, remaining));
                continue;
            }

            // Whole milliseconds that end before the last stretch; at least one, as a wait of 0 would spin anyway.
            var milliseconds = (long)Math.Floor((remaining - spinBelow).TotalMilliseconds);
            if (_block((int)Math.Clamp(milliseconds, 1, int.MaxValue - 1)))
            {
                return true;
            }
        }
    }

    private static Func<TimeSpan> StopwatchElapsed()
    {
        var origin = Stopwatch.GetTimestamp();
        return () => Stopwatch.GetElapsedTime(origin);
    }

    /// <summary>Whether a spin step may yield: not in its first ten steps (a message or deadline is often that close), nor within <see cref="NoYield"/> of the deadline.</summary>
    private static bool MayYield(int spins, TimeSpan remaining) => spins >= 10 && remaining > NoYield;

    private static void SpinOnce(bool mayYield)
    {
        // Yielding lets the threads this one waits for run on a loaded machine; spinning keeps the core for a deadline that is near.
        if (mayYield)
        {
            Thread.Yield();
        }
        else
        {
            Thread.SpinWait(20);
        }
    }
}
