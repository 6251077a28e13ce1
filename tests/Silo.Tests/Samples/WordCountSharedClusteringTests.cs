using Orleans.Dataflow.Silo.Tests.TestSupport;
using static Orleans.Dataflow.Silo.Tests.Samples.WordCountClusterTests;

namespace Orleans.Dataflow.Silo.Tests.Samples;

/// <summary>samples/wordcount.csx on three processes that keep their membership in PostgreSQL (<c>--clustering</c>): no process holds it alone, so even process 0 may be lost.</summary>
[Collection(PostgresCollection.Name)]
public sealed class WordCountSharedClusteringTests(PostgresServer postgres)
{
    [Fact]
    public void WordCount_ThreeProcesses_TogetherPrintTheSingleProcessOutput()
    {
        using var dir = new TempDirectory();
        var input = WordText.Write(dir, lines: 20_000);
        var single = RunToEnd(dir, Args(input));
        var clustering = postgres.UrlOf(postgres.CreateDatabase());

        var silos = StartCluster(dir, Addresses(3), Args(input, "--clustering", clustering));
        try
        {
            SurvivorOutputs([.. silos]).AssertLines(single);
        }
        finally
        {
            silos.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public void WordCount_Process0KilledMidRun_WithRecovery_TheOthersResumeItsFrontierAndFinishWithTheExactCounts()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var dir = new TempDirectory();
        var input = WordText.Write(dir, lines: 400_000);
        var uninterrupted = RunToEnd(dir, Args(input));
        var recovery = Path.Combine(dir.Path, "recovery");
        var clustering = postgres.UrlOf(postgres.CreateDatabase());

        // With the runtime's events (-v): a failure shows how the recovery went.
        var silos = StartCluster(dir, Addresses(3), Args(input, "-s", "0.1", "-r", recovery, "--clustering", clustering, "--failure-timeout", "2", "-v"));
        try
        {
            Assert.True(RecoveryProbe.WaitForCommit(recovery, epoch: 3, TimeSpan.FromMinutes(2)), "the cluster committed no epoch within 2 minutes");

            // Process 0 ran the frontier and, with development clustering, would have held the membership too.
            Assert.True(silos[0].KillHard(), "process 0 ended before it was killed: the input is too small for this machine's speed");

            SurvivorOutputs(silos[1], silos[2]).AssertLines(uninterrupted);
        }
        finally
        {
            silos.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public void WordCount_EveryProcessKilledAndStartedAgainAtOnce_TheNewRunJoinsOverTheOldEntriesAndResumes()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var dir = new TempDirectory();
        var input = WordText.Write(dir, lines: 400_000);
        var uninterrupted = RunToEnd(dir, Args(input));
        var recovery = Path.Combine(dir.Path, "recovery");
        var clustering = postgres.UrlOf(postgres.CreateDatabase());
        var addresses = Addresses(3);
        // With the runtime's events (-v): a run that does not finish says in the failure how far it got.
        var args = Args(input, "-s", "0.1", "-r", recovery, "--clustering", clustering, "--failure-timeout", "2", "-v");

        var first = StartCluster(dir, addresses, args);
        List<SiloProcess> second = [];
        try
        {
            Assert.True(RecoveryProbe.WaitForCommit(recovery, epoch: 3, TimeSpan.FromMinutes(2)), "the cluster committed no epoch within 2 minutes");

            // The membership table still lists the killed silos as active when the new ones start on the same addresses.
            Assert.All(first, silo => Assert.True(silo.KillHard(), "a process ended before it was killed: the input is too small for this machine's speed"));
            second = StartCluster(dir, addresses, args);

            SurvivorOutputs([.. second]).AssertLines(uninterrupted);
        }
        finally
        {
            first.ForEach(s => s.Dispose());
            second.ForEach(s => s.Dispose());
        }
    }
}
