using System.Diagnostics;
using System.Globalization;
using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Silo.Configuration;

namespace Orleans.Dataflow.Silo.Cli;

/// <summary>What <c>run</c> says on standard error about what it is doing: compiling, running, the engine's notices, a status line while it runs, and a closing summary; nothing when quiet.</summary>
/// <remarks>
/// Standard output belongs to the flow, so every line goes to the error writer. The status line is kept only when
/// <paramref name="live"/> (standard error is a terminal): it is rewritten in place, so in a log file it would be a
/// line a second. Thread-safe: the engine's notices and the status come from its threads.
/// </remarks>
internal sealed class RunProgress(TextWriter? error, bool live = false)
{
    private readonly object _gate = new();
    private long _startedAt;
    private long _lastAt;
    private long _lastIn;
    private int _shownWidth;

    /// <summary>A progress that says nothing, for <c>-q</c>.</summary>
    public static RunProgress Quiet { get; } = new(null);

    /// <summary>Says the script at <paramref name="path"/> is being compiled: the silent seconds of Roslyn's first compile.</summary>
    public void Compiling(string path) => Say($"compiling {path}…");

    /// <summary>Says which flow runs, on how many workers, and which process of a cluster this is.</summary>
    public void Running(Dataflow flow, SiloSettings settings)
    {
        var workers = settings.Workers == 1 ? "1 worker" : $"{settings.Workers} workers";
        var process = settings.ProcessCount > 1 ? $" in process {settings.ProcessId} of {settings.ProcessCount}" : string.Empty;
        Say($"running '{flow.Id}' on {workers}{process}");
        _startedAt = Stopwatch.GetTimestamp();
    }

    /// <summary>Whether a status line is kept while the flow runs: standard error is a terminal and the run is not quiet.</summary>
    public bool IsLive => live && error is not null;

    /// <summary>Rewrites the status line with <paramref name="status"/>: records in and their rate since the last status, records out, the epoch, the last committed one, the time since the flow started.</summary>
    public void Live(ExecutionStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (!IsLive)
        {
            return;
        }

        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            var rate = _lastAt == 0 ? 0 : (status.RecordsIn - _lastIn) / Stopwatch.GetElapsedTime(_lastAt, now).TotalSeconds;
            (_lastAt, _lastIn) = (now, status.RecordsIn);
            var committed = status.CommittedEpoch is { } last ? $", committed {last}" : string.Empty;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{status.RecordsIn:N0} in ({Math.Max(rate, 0):N0}/s), {status.RecordsOut:N0} out, epoch {status.Epoch}{committed}, {Stopwatch.GetElapsedTime(_startedAt, now):hh\\:mm\\:ss}");
            error!.Write('\r' + line.PadRight(_shownWidth));
            _shownWidth = Math.Max(_shownWidth, line.Length);
        }
    }

    /// <summary>Passes on a line from the engine (<see cref="Hosting.RunOptions.Notice"/>).</summary>
    public void Notice(string line) => Say(line);

    /// <summary>Says how the run ended, in one line: outcome, records in and out, epochs, and the time taken (with the loading part).</summary>
    public void Summary(Dataflow flow, ExecutionResult result, TimeSpan loaded, TimeSpan elapsed)
    {
        var how = result.Outcome switch
        {
            ExecutionOutcome.Completed => "completed",
            ExecutionOutcome.Stopped => $"stopped after epoch {result.ClosedEpoch}",
            ExecutionOutcome.Aborted => $"was aborted by a source after epoch {result.ClosedEpoch}",
            var other => other.ToString().ToLowerInvariant(),
        };
        var counts = result.Progress is { } progress
            ? $": {progress.RecordsIn} records in, {progress.RecordsOut} out, {Epochs(progress.CommittedEpoch, progress.Epoch)}{Attempts(progress.Attempts)}"
            : string.Empty;
        Say(string.Create(CultureInfo.InvariantCulture, $"'{flow.Id}' {how}{counts}; {elapsed.TotalSeconds:0.00} s (loading {loaded.TotalSeconds:0.00} s)"));
    }

    private static string Epochs(long? committed, long epoch)
        => committed is { } last ? $"epochs up to {last} committed" : $"{epoch} {(epoch == 1 ? "epoch" : "epochs")}";

    private static string Attempts(int attempts) => attempts > 1 ? $", {attempts} attempts" : string.Empty;

    private void Say(string line)
    {
        if (error is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_shownWidth > 0)
            {
                // The status line is the terminal's last: wipe it, so that this line does not end in its leftovers.
                error.Write('\r' + new string(' ', _shownWidth) + '\r');
                _shownWidth = 0;
            }

            error.WriteLine(line);
        }
    }
}
