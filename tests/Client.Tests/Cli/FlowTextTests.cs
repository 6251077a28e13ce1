using Orleans.Dataflow.Client.Cli;
using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Partitions;

namespace Orleans.Dataflow.Client.Tests.Cli;

/// <summary>The client's <c>list</c> and <c>status</c> print readable tables: a row per flow with its epochs, uptime and records, and per partition its silo, epochs and records, per step its count in each partition.</summary>
public sealed class FlowTextTests
{
    private static readonly DateTimeOffset _deployedAt = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void List_ARunningAndANeverReportedFlow_PrintsAHeaderAndOneAlignedRowEach()
    {
        var output = new StringWriter();

        FlowText.List([("words", Running()), ("new", new FlowRecord { Deployment = Deployment("new@1"), DeployedAt = _deployedAt })], _deployedAt.AddSeconds(75), output);

        Assert.Equal(
            [
                "ID     STATE    EXECUTION  EPOCH  COMMITTED  UPTIME    IN    OUT",
                "words  running  words@1    7      5          00:01:15  1500  40",
                "new    running  new@1      -      -          00:01:15  -     -",
            ],
            output.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Status_AFlowWithProgress_PrintsEachPartitionsSiloEpochsAndRecords_AndEachStepsCountPerPartition()
    {
        var output = new StringWriter();

        FlowText.Status("words", Running(), _deployedAt.AddHours(26), output);

        var text = output.ToString().ReplaceLineEndings("\n");
        Assert.Contains("deployed:    2025-03-01T12:00:00.0000000+00:00, up 1.02:00:00\n", text, StringComparison.Ordinal);
        Assert.Contains("epochs:      in 7, closed 6, committed 5; attempt 1\n", text, StringComparison.Ordinal);
        Assert.Contains("records:     1500 in, 40 out\n", text, StringComparison.Ordinal);
        Assert.Contains(
            """
            partitions:
              PARTITION  SILO    STATE    EPOCH  CLOSED  IN    OUT
              0          S1:1:1  running  7      6       1500  25
              1          S2:1:1  ended    6      6       0     15
            step counts (per partition):
              STEP       COUNT    P0    P1  TOTAL
              read       read     1500  0   1500
              count.sum  keys     25    15  40
              out        written  25    15  40

            """,
            text,
            StringComparison.Ordinal);
    }

    [Fact]
    public void ProgressLine_ARunningFlow_SaysItsStateEpochsRecordsAndUptimeOnOneLine()
    {
        var output = new StringWriter();

        FlowText.ProgressLine("words", Running(), _deployedAt.AddSeconds(75), output);

        Assert.Equal("flow 'words': running, epoch 7, committed 5, in 1500, out 40, up 00:01:15\n", output.ToString().ReplaceLineEndings("\n"));
    }

    private static FlowRecord Running() => new()
    {
        Deployment = Deployment("words@1"),
        DeployedAt = _deployedAt,
        Progress = new ExecutionStatus(7, 6, 5, 1500, 40, 1,
        [
            new PartitionStatus(0, "S1:1:1", 7, 6, 1500, 25, true, Steps(1500, 25, 25)),
            new PartitionStatus(1, "S2:1:1", 6, 6, 0, 15, false, Steps(0, 15, 15)),
        ]),
    };

    private static StepStatus[] Steps(long read, long keys, long written)
        => [new("read", StepCountKind.Read, read), new("count.sum", StepCountKind.Keys, keys), new("out", StepCountKind.Written, written)];

    private static FlowDeployment Deployment(string execution)
        => new(new FlowDefinition("count", "count.csx", new Dictionary<string, string>(), ["read (input)", "count.sum (stateful)", "out (output)"]),
            new FlowSettings(2, TimeSpan.FromSeconds(1), 1024, 256, "stores/words", 3), execution);
}
