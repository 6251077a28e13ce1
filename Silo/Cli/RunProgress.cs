using System.Globalization;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Silo.Configuration;

namespace Orleans.Dataflow.Silo.Cli;

/// <summary>What <c>run</c> says on standard error about what it is doing: compiling, running, the engine's notices, a status line while the flow runs, and a closing summary; nothing when quiet.</summary>
/// <remarks>
/// Standard output belongs to the flow, so every line goes to the error writer. The status line is kept only when
/// <paramref name="terminal"/> (the error writer is a terminal): it is rewritten in place with <c>\r</c>, which in a
/// file or a pipe would be a line a second. Every other line, and the flow's own output when it shares the terminal
/// (<see cref="WriteAround"/>), first wipes it. Thread-safe: the engine's notices come from its threads.
/// </remarks>
internal sealed class RunProgress(TextWriter? error, bool terminal = false)
{
    private readonly Lock _gate = new();
    private int _statusWidth;

    /// <summary>A progress that says nothing, for <c>-q</c>.</summary>
    public static RunProgress Quiet { get; } = new(null);

    /// <summary>Says the script at <paramref name="path"/> is being compiled: the silent seconds of Roslyn's compile, for a script not compiled before.</summary>
    public void Compiling(string path) => Say($"compiling {path}…");

    /// <summary>Says which flow runs, on how many workers, and which process of a cluster this is.</summary>
    public void Running(Dataflow flow, SiloSettings settings)
    {
        var workers = settings.Workers == 1 ? "1 worker" : $"{settings.Workers} workers";
        var process = settings.ProcessCount > 1 ? $" in process {settings.ProcessId} of {settings.ProcessCount}" : string.Empty;
        Say($"running '{flow.Id}' on {workers}{process}");
    }

    /// <summary>Whether this progress keeps a status line while the flow runs: it speaks, and to a terminal.</summary>
    public bool KeepsStatusLine => terminal && error is not null;

    /// <summary>Rewrites the status line: records read and their rate, records written, the epoch, the last committed one, and the time the flow has run.</summary>
    /// <remarks>Pads the line to the width of the one it replaces, so no character of that one is left; does nothing unless <see cref="KeepsStatusLine"/>.</remarks>
    public void Status(RunStatus status, double recordsPerSecond, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (!KeepsStatusLine)
        {
            return;
        }

        var epoch = status.Epoch is { } current ? $", epoch {current}" : string.Empty;
        var committed = status.CommittedEpoch is { } last ? $", committed {last}" : string.Empty;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{status.RecordsIn:N0} in ({Math.Max(recordsPerSecond, 0):N0} records/s), {status.RecordsOut:N0} out{epoch}{committed}, {elapsed:hh\\:mm\\:ss}");
        lock (_gate)
        {
            error!.Write('\r' + line.PadRight(_statusWidth));
            error.Flush();
            _statusWidth = line.Length;
        }
    }

    /// <summary>Wipes the status line, if one is shown, leaving the cursor at the start of its empty line.</summary>
    public void ClearStatus()
    {
        lock (_gate)
        {
            Wipe();
        }
    }

    /// <summary>Runs <paramref name="write"/>, a write of the flow's output to the same terminal, with the status line wiped first and none drawn meanwhile, so the output does not run into it.</summary>
    public void WriteAround(Action write)
    {
        ArgumentNullException.ThrowIfNull(write);
        lock (_gate)
        {
            Wipe();
            write();
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
            Wipe();
            error.WriteLine(line);
        }
    }

    private void Wipe()
    {
        if (_statusWidth == 0)
        {
            return;
        }

        error!.Write('\r' + new string(' ', _statusWidth) + '\r');
        error.Flush();
        _statusWidth = 0;
    }
}
