using System.Globalization;
using Orleans.Dataflow.Silo.Cli;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Recovery;

/// <summary>The silo killed with SIGKILL at random moments and restarted on the same recovery directory ends with exactly the output of an uninterrupted run.</summary>
/// <remarks>
/// The flow reads a CSV file, keeps a running sum per key (a stateful step) and counts tumbling event-time windows
/// per key, writing both to files. It is paced (a short sleep every few items) so that an uninterrupted run takes a
/// few seconds; snapshots are taken every 50 ms. Each run is killed once the store has committed an epoch more than
/// before it started, plus a random delay under one epoch from a seeded source: every kill lands mid-run, after the
/// run made progress, at any point of an epoch, and 20 kills cover only part of the input however fast the machine is.
/// </remarks>
public sealed class CrashRecoveryTests
{
    private const int Lines = 20_000;

    [Fact]
    public void Run_KilledTwentyTimesAndRescaledBetweenRestarts_EndsWithTheOutputsOfAnUninterruptedRun()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var dir = new TempDirectory();
        var (reference, crashed) = RunKilledAndResumed(dir, kills: 20, workersOfRun: run => 1 + (run % 3), seed: 20261121);

        foreach (var output in new[] { "sums.txt", "windows.txt" })
        {
            var expected = File.ReadAllLines(Path.Combine(reference, output)).Order(StringComparer.Ordinal).ToList();
            var actual = File.ReadAllLines(Path.Combine(crashed, output)).Order(StringComparer.Ordinal).ToList();
            Assert.True(expected.Count > 0, $"the uninterrupted run wrote nothing to {output}");
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Run_KilledAndResumedOnOneWorker_FileSinkOutputIsByteIdenticalToAnUninterruptedRun()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var dir = new TempDirectory();
        var (reference, crashed) = RunKilledAndResumed(dir, kills: 5, workersOfRun: _ => 1, seed: 7);

        foreach (var output in new[] { "sums.txt", "windows.txt" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(reference, output)), File.ReadAllBytes(Path.Combine(crashed, output)));
        }
    }

    /// <summary>Runs the flow once uninterrupted, then <paramref name="kills"/> times killed mid-run, then to its end; returns both output directories.</summary>
    private static (string Reference, string Crashed) RunKilledAndResumed(TempDirectory dir, int kills, Func<int, int> workersOfRun, int seed)
    {
        var flow = WriteFlow(dir);
        var reference = Path.Combine(dir.Path, "reference");
        var crashed = Path.Combine(dir.Path, "crashed");
        var recovery = Path.Combine(crashed, "recovery");
        RunToEnd(dir, flow, reference, workersOfRun(0));

        var random = new Random(seed);
        for (var run = 0; run < kills; run++)
        {
            var committed = RecoveryProbe.CommittedEpoch(recovery);
            using var silo = Start(dir, flow, crashed, workersOfRun(run));
            if (!RecoveryProbe.WaitForCommit(recovery, committed + 1, TimeSpan.FromMinutes(2)))
            {
                silo.KillHard();
                var (exitCode, _, error) = silo.WaitForExit(TimeSpan.FromSeconds(10));
                Assert.Fail($"run {run} committed nothing within 2 minutes (exit code {exitCode}); stderr: {error}");
            }

            Thread.Sleep(random.Next(50));
            if (!silo.KillHard())
            {
                var (exitCode, _, error) = silo.WaitForExit(TimeSpan.FromSeconds(10));
                Assert.Fail($"run {run} ended on its own (exit code {exitCode}) before kill {run + 1}; stderr: {error}");
            }
        }

        RunToEnd(dir, flow, crashed, workersOfRun(kills));
        return (reference, crashed);
    }

    private static SiloProcess Start(TempDirectory dir, string flow, string outputs, int workers)
    {
        Directory.CreateDirectory(outputs);
        return SiloProcess.Start(dir.Path, "run", flow, "-w", workers.ToString(CultureInfo.InvariantCulture), "-s", "0.05",
            "-r", Path.Combine(outputs, "recovery"), "--arg", $"input={Path.Combine(dir.Path, "events.csv")}", "--arg", $"out={outputs}");
    }

    /// <summary>Runs the flow until its input ends.</summary>
    private static void RunToEnd(TempDirectory dir, string flow, string outputs, int workers)
    {
        using var silo = Start(dir, flow, outputs, workers);
        var (exitCode, _, error) = silo.WaitForExit(TimeSpan.FromMinutes(2));
        Assert.True(exitCode == ExitCodes.Success, $"exit code {exitCode}; stderr: {error}");
    }

    /// <summary>Writes the input and compiles the flow assembly; returns the assembly's path.</summary>
    private static string WriteFlow(TempDirectory dir)
    {
        // Keys take turns; event time advances a second every 10 lines, with some lines up to 3 s late (within the wait).
        dir.Write("events.csv", string.Concat(Enumerable.Range(0, Lines).Select(i =>
            $"k{i % 13},{Math.Max(0, (i / 10) - (i % 7 == 0 ? 3 : 0))},{i % 97}\n")));
        return FlowAssemblyCompiler.Compile(dir.Path, "CrashFlows", """
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Threading;
            using Orleans.Dataflow;
            using Orleans.Dataflow.Connectors;
            using Orleans.Dataflow.Windowing;

            public static class CrashFlows
            {
                public static Dataflow Crash(IReadOnlyDictionary<string, string> args)
                {
                    var flow = new Dataflow("crash");
                    var events = flow.Input("lines", new FileSource(args["input"], batchSize: 20))
                        .Map("parse", line =>
                        {
                            var parts = line.Split(',');
                            var seconds = int.Parse(parts[1]);
                            // Pacing: a run takes seconds, so kills land mid-run.
                            if (parts[0] is "k0" or "k1" or "k2")
                            {
                                Thread.Sleep(1);
                            }

                            return (Key: parts[0], Seconds: seconds, Value: long.Parse(parts[2]));
                        });
                    events.KeyOn("key", e => e.Key)
                        .StatefulMap<(string Key, int Seconds, long Value), long, string>("sum", (sum, e) => (sum + e.Value, $"{e.Key},{e.Seconds},{sum + e.Value}"))
                        .Output("sums", new FileSink(Path.Combine(args["out"], "sums.txt")));
                    events.CountWindow("count", new EventClock<(string Key, int Seconds, long Value)>(
                                e => DateTimeOffset.UnixEpoch.AddSeconds(e.Seconds), TimeSpan.FromSeconds(10), nowGetter: () => DateTimeOffset.UnixEpoch),
                            new TumblingWindower(TimeSpan.FromSeconds(60), DateTimeOffset.UnixEpoch), e => e.Key)
                        .Down.Map("window_line", kv => (kv.Key, $"{kv.Key},{kv.Value.Item1},{kv.Value.Item2}"))
                        .Output("windows", new FileSink(Path.Combine(args["out"], "windows.txt")));
                    return flow;
                }
            }
            """);
    }
}
