using System.Text.RegularExpressions;
using Orleans.Dataflow.Silo.Cli;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Samples;

/// <summary>samples/wordcount.csx, unchanged, as a cluster of three silo processes started through the CLI: together they print what one process prints, and a lost process stops them all without losing anything.</summary>
public sealed class WordCountClusterTests
{
    private static readonly TimeSpan _limit = TimeSpan.FromMinutes(3);

    [Fact]
    public void WordCount_ThreeProcesses_TogetherPrintTheSingleProcessOutput()
    {
        using var dir = new TempDirectory();
        var input = WordText.Write(dir, lines: 20_000);
        var single = RunToEnd(dir, Args(input));

        var addresses = Addresses(3);
        var outputs = RunCluster(dir, addresses, Args(input));

        Assert.True(single.Count > 1000, "the text should have over a thousand distinct words");
        Assert.All(outputs, lines => Assert.NotEmpty(lines));
        Assert.Equal(outputs.Sum(lines => lines.Count), outputs.SelectMany(lines => lines).Distinct().Count());
        Assert.Equal(single, outputs.SelectMany(lines => lines).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void WordCount_OneOfThreeKilledMidRun_WithRecovery_TheOthersFinishWithTheExactCounts()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var dir = new TempDirectory();
        var input = WordText.Write(dir, lines: 400_000);
        var uninterrupted = RunToEnd(dir, Args(input));
        var recovery = Path.Combine(dir.Path, "recovery");
        var addresses = Addresses(3);

        // With the runtime's events (-v): a failure shows how the recovery went.
        var silos = StartCluster(dir, addresses, Args(input, "-s", "0.1", "-r", recovery, "-v"));
        try
        {
            Assert.True(RecoveryProbe.WaitForCommit(recovery, epoch: 3, TimeSpan.FromMinutes(2)), "the cluster committed no epoch within 2 minutes");
            Assert.True(silos[1].KillHard(), "process 1 ended before it was killed: the input is too small for this machine's speed");
            var survivors = SurvivorOutputs(silos[0], silos[2]);

            // Counts are printed at the end of the input, by the processes that own the words then: process 1's
            // partitions resumed on the other two from the last committed epoch. Standard output is at least once: a
            // survivor whose words all came in before the kill may print them in the lost attempt too, never another count.
            survivors.AssertLines(uninterrupted, distinct: true);
        }
        finally
        {
            silos.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public void WordCount_OneOfThreeKilledMidRun_WithoutRecovery_TheOthersFailNamingIt()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var dir = new TempDirectory();
        var input = WordText.Write(dir, lines: 400_000);
        var addresses = Addresses(3);
        var silos = StartCluster(dir, addresses, Args(input, "-s", "0.1", "-v"));
        try
        {
            Assert.True(silos[1].WaitForError("flow 'wordcount' started", TimeSpan.FromMinutes(2)), "process 1 did not start");
            Assert.True(silos[1].KillHard(), "process 1 ended before it was killed: the input is too small for this machine's speed");
            foreach (var (exitCode, _, error) in SiloProcess.WaitForAllToExit([silos[0], silos[2]], TimeSpan.FromSeconds(60)))
            {
                Assert.Equal(ExitCodes.Failure, exitCode);
                Assert.True(error.Contains(addresses[1], StringComparison.Ordinal) && error.Contains("without a recovery store", StringComparison.Ordinal),
                    $"the error does not name process 1 ({addresses[1]}) and the missing store: {error}");
            }
        }
        finally
        {
            silos.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public void WordCount_OneOfThreeFrozen_WithRecovery_TheOthersDeclareItDeadAndItsLateWritesAreRefused()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var dir = new TempDirectory();
        var input = WordText.Write(dir, lines: 400_000);
        var uninterrupted = RunToEnd(dir, Args(input));
        var addresses = Addresses(3);
        var recovery = Path.Combine(dir.Path, "recovery");
        var silos = StartCluster(dir, addresses, Args(input, "--failure-timeout", "2", "-s", "0.1", "-r", recovery, "-v"));
        try
        {
            // Frozen once the cluster runs (it has committed an epoch): SIGSTOP keeps its sockets open, so only its silence tells.
            Assert.True(RecoveryProbe.WaitForCommit(recovery, epoch: 1, TimeSpan.FromMinutes(2)), "the cluster committed no epoch within 2 minutes");
            silos[2].Freeze();
            Assert.True(silos[0].WaitForError($"out of the cluster (stopped, or declared dead): silo S{addresses[2]}:", TimeSpan.FromSeconds(60)), "process 0 did not hear that process 2 was declared dead");

            // Woken, as a hung machine may be: it learns it was declared dead and ends, and whatever its partitions were
            // writing to the shared store when it froze is either dropped by the next attempt or refused.
            silos[2].Thaw();
            var (frozenExit, _, _) = silos[2].WaitForExit(TimeSpan.FromSeconds(60));

            Assert.NotEqual(ExitCodes.Success, frozenExit);

            // Standard output is at least once: while process 2 is frozen and not yet declared dead, the others may reach
            // the end of the input and print their words (count_final sends them little to wait for), then print them
            // again in the attempt that resumes from the last commit. Never another count.
            SurvivorOutputs(silos[0], silos[1]).AssertLines(uninterrupted, distinct: true);
        }
        finally
        {
            silos.ForEach(s => s.Dispose());
        }
    }

    /// <summary>Waits for <paramref name="survivors"/> to finish successfully and returns what they printed together.</summary>
    /// <remarks>
    /// Within 3 min: a resumed run of the 400 000 lines takes 15–50 s here, and CI machines under the other tests' load
    /// have run slower still; a run that is stuck rather than slow says so in its stderr (with <c>-v</c>, the frontier's
    /// stall warning names each partition after 30 s without a closed epoch).
    /// </remarks>
    internal static SurvivorOutput SurvivorOutputs(params SiloProcess[] survivors)
    {
        var exits = SiloProcess.WaitForAllToExit(survivors, TimeSpan.FromMinutes(3));
        foreach (var (exitCode, _, error) in exits)
        {
            Assert.True(exitCode == ExitCodes.Success, $"a surviving process exited with {exitCode}; stderr: {error}");
        }

        return new SurvivorOutput([.. exits.SelectMany(exited => exited.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries))], [.. exits.Select(exited => exited.Error)]);
    }

    [Fact]
    public void WordCount_OneOfThreeGetsSigterm_AllStopGracefullyAfterTheSameEpoch()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var dir = new TempDirectory();
        var input = WordText.Write(dir, lines: 400_000);
        var recovery = Path.Combine(dir.Path, "recovery");
        var addresses = Addresses(3);
        var silos = StartCluster(dir, addresses, Args(input, "-s", "0.1", "-r", recovery, "-v"));
        try
        {
            Assert.True(RecoveryProbe.WaitForCommit(recovery, epoch: 1, TimeSpan.FromMinutes(2)), "the cluster committed no epoch within 2 minutes");
            silos[1].Terminate();
            var summaries = silos.Select((silo, id) =>
            {
                var (exitCode, _, error) = silo.WaitForExit(TimeSpan.FromSeconds(60));
                Assert.True(exitCode == ExitCodes.Success, $"process {id} exited with {exitCode}; stderr: {error}");
                var stopped = Regex.Match(error, "stopped after epoch [0-9]+");
                Assert.True(stopped.Success, $"process {id} did not stop gracefully; stderr: {error}");
                return stopped.Value;
            }).ToList();

            Assert.Single(summaries.Distinct());
        }
        finally
        {
            silos.ForEach(s => s.Dispose());
        }
    }

    internal static string[] Args(string input, params string[] more) =>
        ["run", RepositoryPaths.Combine("samples", "wordcount.csx"), "--arg", $"input={input}", .. more];

    internal static List<SiloProcess> StartCluster(TempDirectory dir, IReadOnlyList<string> addresses, string[] args) =>
        Enumerable.Range(0, addresses.Count)
            .Select(id => SiloProcess.Start(dir.Path, [.. args, "-i", $"{id}", "-a", string.Join(';', addresses)]))
            .ToList();

    /// <summary>Runs every process of the cluster to the end; returns each one's output lines.</summary>
    private static List<List<string>> RunCluster(TempDirectory dir, IReadOnlyList<string> addresses, string[] args)
    {
        var silos = StartCluster(dir, addresses, args);
        try
        {
            return silos.Select((silo, id) =>
            {
                var (exitCode, output, error) = silo.WaitForExit(_limit);
                Assert.True(exitCode == ExitCodes.Success, $"process {id} exited with {exitCode}; stderr: {error}");
                return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
            }).ToList();
        }
        finally
        {
            silos.ForEach(s => s.Dispose());
        }
    }

    internal static List<string> RunToEnd(TempDirectory dir, string[] args)
    {
        using var silo = SiloProcess.Start(dir.Path, args);
        var (exitCode, output, error) = silo.WaitForExit(_limit);
        Assert.True(exitCode == ExitCodes.Success, $"exit code {exitCode}; stderr: {error}");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];
    }

    /// <summary>Loopback addresses on ports free right now, as <c>-a</c> takes them.</summary>
    internal static List<string> Addresses(int count) => [.. ClusterFlows.Addresses(count).Select(a => $"{a.Host}:{a.Port}")];
}
