using System.Globalization;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Silo.Configuration;

namespace Orleans.Dataflow.Silo.Cli;

/// <summary>What <c>run</c> says on standard error about what it is doing: compiling, running, the engine's notices, and a closing summary; nothing when quiet.</summary>
/// <remarks>Standard output belongs to the flow, so every line goes to the error writer. Thread-safe: the engine's notices come from its threads.</remarks>
internal sealed class RunProgress(TextWriter? error)
{
    private readonly object _gate = new();

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
            error.WriteLine(line);
        }
    }
}
