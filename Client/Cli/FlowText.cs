using System.Globalization;
using System.Text.Json;
using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;

namespace Orleans.Dataflow.Client.Cli;

/// <summary>Renders flows for the client's <c>list</c> and <c>status</c>: a row per flow, and a flow's deployment, progress, partitions and step counts.</summary>
internal static class FlowText
{
    /// <summary>Writes one row per flow of <paramref name="flows"/> under a header: id, state, execution, epoch, committed epoch, uptime, records in and out.</summary>
    public static void List(IReadOnlyList<(string Id, FlowRecord Record)> flows, DateTimeOffset now, TextWriter output)
    {
        var rows = new List<string[]> { new[] { "ID", "STATE", "EXECUTION", "EPOCH", "COMMITTED", "UPTIME", "IN", "OUT" } };
        foreach (var (id, record) in flows)
        {
            var progress = record.Progress;
            rows.Add([
                id,
                record.Status.ToString().ToLowerInvariant(),
                record.Deployment?.ExecutionId ?? "-",
                Number(progress?.Epoch),
                Number(progress?.CommittedEpoch),
                record.Deployment is null ? "-" : Uptime(record.UptimeAt(now)),
                Number(progress?.RecordsIn),
                Number(progress?.RecordsOut),
            ]);
        }

        TextTable.Write(output, rows);
    }

    /// <summary>Writes flow <paramref name="id"/>'s deployment, state, how it ended, and its progress: epochs, counts, then each partition's silo, epochs and records, and each step's count per partition.</summary>
    public static void Status(string id, FlowRecord record, DateTimeOffset now, TextWriter output)
    {
        var deployment = record.Deployment!;
        output.WriteLine($"flow:        {id} ('{deployment.Definition.FlowId}' from {deployment.Definition.Origin})");
        output.WriteLine($"status:      {record.Status} (wanted: {record.DesiredState})");
        output.WriteLine($"execution:   {deployment.ExecutionId}, {deployment.Settings.PartitionCount} partition(s), epochs of {deployment.Settings.EpochInterval.TotalSeconds:0.###} s");
        output.WriteLine($"recovery:    {deployment.Settings.RecoveryStore ?? "(none)"}");
        output.WriteLine($"restarts:    {record.FailureRestarts} of {deployment.Settings.MaxFailureRestarts} after failures, {record.FrontierRestarts} after lost silos");
        output.WriteLine(FormattableString.Invariant($"deployed:    {record.DeployedAt:O}, up {Uptime(record.UptimeAt(now))}"));
        if (record.End is { } end)
        {
            var how = end.Outcome == ExecutionOutcome.Completed ? "completed" : $"{end.Outcome} after epoch {end.ClosedEpoch}";
            output.WriteLine(FormattableString.Invariant($"ended:       {record.EndedAt:O}, {how}"));
            if (end.Failure is { } failure)
            {
                output.WriteLine($"error:       {failure.Message}");
            }
        }

        output.WriteLine($"steps:       {string.Join(", ", deployment.Definition.Steps)}");
        if (record.Progress is { } progress)
        {
            Progress(progress, output);
        }
    }

    /// <summary>Writes one line of flow <paramref name="id"/>'s progress while a caller waits for it: state, epoch, committed epoch, records in and out, uptime.</summary>
    public static void ProgressLine(string id, FlowRecord record, DateTimeOffset now, TextWriter output)
    {
        var progress = record.Progress;
        output.WriteLine($"flow '{id}': {record.Status.ToString().ToLowerInvariant()}, epoch {Number(progress?.Epoch)}, committed {Number(progress?.CommittedEpoch)}, "
            + $"in {Number(progress?.RecordsIn)}, out {Number(progress?.RecordsOut)}, up {Uptime(record.UptimeAt(now))}");
    }

    private static void Progress(ExecutionStatus progress, TextWriter output)
    {
        output.WriteLine($"epochs:      in {Number(progress.Epoch)}, closed {Number(progress.ClosedEpoch)}, committed {Number(progress.CommittedEpoch)}; attempt {progress.Attempts}");
        output.WriteLine($"records:     {Number(progress.RecordsIn)} in, {Number(progress.RecordsOut)} out");
        output.WriteLine("partitions:");
        var partitions = new List<string[]> { new[] { "PARTITION", "SILO", "STATE", "EPOCH", "CLOSED", "IN", "OUT" } };
        partitions.AddRange(progress.Partitions.Select(p => new[]
        {
            Number(p.Index), p.Silo ?? "-", p.Running ? "running" : "ended", Number(p.Epoch), Number(p.ClosedEpoch), Number(p.RecordsIn), Number(p.RecordsOut),
        }));
        TextTable.Write(output, partitions, "  ");

        // Every partition runs the same plan, so the steps are those of any partition that has reported.
        var counted = progress.Partitions.FirstOrDefault(p => p.Steps.Count > 0)?.Steps;
        if (counted is null)
        {
            return;
        }

        output.WriteLine("step counts (per partition):");
        var steps = new List<string[]> { new[] { "STEP", "COUNT" }.Concat(progress.Partitions.Select(p => $"P{p.Index}")).Append("TOTAL").ToArray() };
        foreach (var step in counted)
        {
            var counts = progress.Partitions.Select(p => p.Steps.FirstOrDefault(s => s.StepId == step.StepId && s.Kind == step.Kind)?.Count).ToArray();
            steps.Add([step.StepId, JsonNamingPolicy.SnakeCaseLower.ConvertName(step.Kind.ToString()), .. counts.Select(Number), Number(counts.Sum())]);
        }

        TextTable.Write(output, steps, "  ");
    }

    private static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private static string Uptime(TimeSpan uptime)
        => uptime.ToString(uptime.Days > 0 ? @"d\.hh\:mm\:ss" : @"hh\:mm\:ss", CultureInfo.InvariantCulture);
}
