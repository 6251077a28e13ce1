using System.Diagnostics;

namespace Orleans.Dataflow.Grains.Execution;

/// <summary>How a parked worker waits for its next deadline or a wake-up: blocks on its event for the whole milliseconds, spins through the rest.</summary>
/// <remarks>
/// Kernel waits count whole milliseconds, so a deadline 300 µs away either returned 700 µs late or, rounded down,
/// at once. This wait blocks only for whole milliseconds that end before the deadline's last stretch, and spins (with
/// yields, so a loaded machine's other threads run) through that stretch: at most <see cref="HotSpin"/> when the
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

    /// <summary>How recently a worker must have done work to count as hot.</summary>
    public static readonly TimeSpan HotWindow = TimeSpan.FromMilliseconds(1);

    private readonly Func<TimeSpan> _elapsed;
    private readonly Func<bool> _isSet;
    private readonly Func<int, bool> _block;
    private readonly Action<int> _spinOnce;

    /// <summary>Creates a wait on <paramref name="signal"/>, timed by <see cref="Stopwatch"/>.</summary>
    public ParkWait(ManualResetEventSlim signal)
        : this(StopwatchElapsed(), () => signal.IsSet, signal.Wait, SpinOnce)
    {
    }

    /// <summary>Creates a wait with its own clock and event, for tests.</summary>
    /// <param name="elapsed">A monotonic clock.</param>
    /// <param name="isSet">Whether a wake-up has come.</param>
    /// <param name="block">Blocks until a wake-up or for the given milliseconds (-1: without end); returns whether a wake-up came.</param>
    /// <param name="spinOnce">One step of a spin, given how many steps came before it in this wait.</param>
    public ParkWait(Func<TimeSpan> elapsed, Func<bool> isSet, Func<int, bool> block, Action<int> spinOnce)
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
            while (_elapsed() < until)
            {
                if (_isSet())
                {
                    return true;
                }

                _spinOnce(spins++);
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
                _spinOnce(spins++);
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

    private static void SpinOnce(int count)
    {
        // Yields from the tenth step on (never sleeps): on a loaded machine the threads that will wake this one need the core.
        if (count < 10)
        {
            Thread.SpinWait(20);
        }
        else
        {
            Thread.Yield();
        }
    }
}
