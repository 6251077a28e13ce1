using Orleans.Dataflow.Silo.Cli;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Samples;

/// <summary>samples/running_count.csx, the README's recovery walkthrough: killed with SIGKILL mid-run and run again, its FileSink holds exactly what an uninterrupted run writes.</summary>
public sealed class RunningCountRecoveryTests
{
    [Fact]
    public void RunningCount_KilledMidRunAndResumed_FileIsByteForByteTheUninterruptedRuns()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var dir = new TempDirectory();
        var script = RepositoryPaths.Combine("samples", "running_count.csx");
        var reference = Path.Combine(dir.Path, "reference.txt");
        var counts = Path.Combine(dir.Path, "counts.txt");
        var recovery = Path.Combine(dir.Path, "recovery");
        RunToEnd(dir, ["run", script, "-q", "--arg", $"output={reference}"]);

        string[] paced = ["run", script, "-q", "-r", recovery, "-s", "0.2", "--arg", "delay=50", "--arg", $"output={counts}"];
        using (var killed = SiloProcess.Start(dir.Path, paced))
        {
            // Killed once a few epochs are committed, so the resumed run really resumes rather than starting over.
            Assert.True(RecoveryProbe.WaitForCommit(recovery, epoch: 3, TimeSpan.FromMinutes(2)), "the run committed no epoch within 2 minutes");
            Assert.True(killed.KillHard(), "the run ended before it was killed");
        }

        var cutShort = File.ReadAllBytes(counts);
        RunToEnd(dir, paced);

        var expected = File.ReadAllBytes(reference);
        Assert.Equal(1090, File.ReadAllLines(reference).Length);
        Assert.True(cutShort.Length < expected.Length, $"the killed run wrote all {cutShort.Length} bytes before it was killed");
        Assert.Equal(expected, File.ReadAllBytes(counts));
    }

    private static void RunToEnd(TempDirectory dir, string[] args)
    {
        using var silo = SiloProcess.Start(dir.Path, args);
        var (exitCode, _, error) = silo.WaitForExit(TimeSpan.FromMinutes(3));
        Assert.True(exitCode == ExitCodes.Success, $"exit code {exitCode}; stderr: {error}");
    }
}
