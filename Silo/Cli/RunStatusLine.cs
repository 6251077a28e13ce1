using System.Diagnostics;

namespace Orleans.Dataflow.Silo.Cli;

/// <summary>Keeps <c>run</c>'s status line on a terminal while the flow runs: reads the flow's <see cref="RunStatus"/> once a second and hands it to <see cref="RunProgress.Status"/> with the rate of records read; disposing wipes it.</summary>
/// <remarks>
/// The first line appears after one interval, so a short run shows none. The rate is of the records read since the
/// last reading; when a count drops (a new attempt after a lost silo counts from zero) it is 0 for that second. When
/// the flow's standard output is the same terminal, <see cref="Console.Out"/> is wrapped for the run so that the flow's
/// lines wipe the status line before they are written (<see cref="StatusLineClearingWriter"/>), and restored on dispose.
/// </remarks>
internal sealed class RunStatusLine : IDisposable
{
    /// <summary>How often the line is rewritten.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly RunProgress _progress;
    private readonly Func<RunStatus> _read;
    private readonly Timer _timer;
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private readonly TextWriter? _replacedOut;
    private long _lastAt;
    private long _lastIn;
    private bool _stopped;

    /// <summary>Starts rewriting <paramref name="progress"/>'s status line every <paramref name="interval"/> from <paramref name="read"/>; with <paramref name="sharesTerminalWithOut"/>, wraps <see cref="Console.Out"/> until disposed.</summary>
    public RunStatusLine(RunProgress progress, Func<RunStatus> read, TimeSpan interval, bool sharesTerminalWithOut)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(read);
        _progress = progress;
        _read = read;
        if (sharesTerminalWithOut)
        {
            _replacedOut = Console.Out;
            Console.SetOut(new StatusLineClearingWriter(_replacedOut, progress));
        }

        _lastAt = _startedAt;
        _timer = new Timer(_ => Tick(), null, interval, interval);
    }

    /// <summary>Stops the line and wipes it; restores <see cref="Console.Out"/> if it was wrapped.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
        }

        _timer.Dispose();
        _progress.ClearStatus();
        if (_replacedOut is not null)
        {
            Console.SetOut(_replacedOut);
        }
    }

    private void Tick()
    {
        // Ticks may overlap when a reading is slow; the gate keeps them in order, and none runs after Dispose.
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            var status = _read();
            var now = Stopwatch.GetTimestamp();
            var seconds = Stopwatch.GetElapsedTime(_lastAt, now).TotalSeconds;
            var rate = status.RecordsIn >= _lastIn && seconds > 0 ? (status.RecordsIn - _lastIn) / seconds : 0;
            (_lastAt, _lastIn) = (now, status.RecordsIn);
            _progress.Status(status, rate, Stopwatch.GetElapsedTime(_startedAt, now));
        }
    }
}
