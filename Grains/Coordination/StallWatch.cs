using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Orleans.Dataflow.Grains.Coordination;

/// <summary>Tells the frontier when its execution has closed no epoch for too long, and says where each partition of the attempt is then.</summary>
/// <remarks>
/// Epochs close on time even when no record comes, so an execution that closes none is stuck: a step blocked in user
/// code or a sink, or a partition waiting on one that never answers. Nothing fails it (a slow sink is not an error),
/// but a run that is silent for minutes must say where it waits. Wall-clock time, not the execution's clock: a test's
/// clock that stands still does not stall a run.
/// </remarks>
internal sealed class StallWatch(TimeSpan after)
{
    private Attempt? _attempt;
    private long _closed;
    private long _since;
    private long _warned;

    /// <summary>How often the frontier should look: a few times per bound, so that a warning is at most a third of it late.</summary>
    public TimeSpan Period => after / 3;

    /// <summary>Notes that <paramref name="attempt"/> has closed every epoch up to <paramref name="closed"/>; returns how long that has stood when it has for the bound since it changed or since the last warning, else null.</summary>
    public TimeSpan? Check(Attempt attempt, long closed)
    {
        var now = Stopwatch.GetTimestamp();
        if (!ReferenceEquals(attempt, _attempt) || closed != _closed)
        {
            (_attempt, _closed, _since, _warned) = (attempt, closed, now, now);
            return null;
        }

        if (Stopwatch.GetElapsedTime(_warned, now) < after)
        {
            return null;
        }

        _warned = now;
        return Stopwatch.GetElapsedTime(_since, now);
    }

    /// <summary>Where each partition of <paramref name="attempt"/> is, as it last reported, and how long ago that was, on one line.</summary>
    public static string Describe(Attempt attempt)
    {
        var now = Stopwatch.GetTimestamp();
        var line = new StringBuilder();
        for (var p = 0; p < attempt.Partitions.Length; p++)
        {
            line.Append(p == 0 ? string.Empty : "; ");
            var silo = attempt.Silos[p]?.ToString() ?? "(not started)";
            if (attempt.Retired[p])
            {
                line.Append(CultureInfo.InvariantCulture, $"partition {p} on silo {silo}: left");
            }
            else if (attempt.Statuses[p] is not { } status)
            {
                line.Append(CultureInfo.InvariantCulture, $"partition {p} on silo {silo}: no report yet");
            }
            else
            {
                var ago = Stopwatch.GetElapsedTime(attempt.ReportedAt[p], now).TotalSeconds;
                line.Append(CultureInfo.InvariantCulture,
                    $"partition {p} on silo {silo}: epoch {status.Epoch}, closed {status.ClosedEpoch}, {status.RecordsIn:N0} in, {status.RecordsOut:N0} out, {status.BackpressureSeconds:0.#} s on backpressure, last report {ago:0.#} s ago");
            }
        }

        return line.ToString();
    }
}
