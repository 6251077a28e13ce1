using Orleans.Dataflow.Silo.Cli;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Samples;

/// <summary>samples/wordcount.csx, unchanged, with <c>-r</c>: killed with SIGKILL mid-run and run again, it prints exactly the counts of an uninterrupted run.</summary>
public sealed class WordCountRecoveryTests
{
    [Fact]
    public void WordCount_KilledMidRunAndResumed_PrintsTheCountsOfAnUninterruptedRun()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var dir = new TempDirectory();
        var input = WordText.Write(dir, lines: 400_000);
        var script = RepositoryPaths.Combine("samples", "wordcount.csx");

        var uninterrupted = RunToEnd(dir, script, input, Path.Combine(dir.Path, "reference"));

        var recovery = Path.Combine(dir.Path, "recovery");
        using (var killed = SiloProcess.Start(dir.Path, Args(script, input, recovery)))
        {
            // Killed once a few epochs are committed, so the resumed run really resumes rather than starting over.
            Assert.True(RecoveryProbe.WaitForCommit(recovery, epoch: 3, TimeSpan.FromMinutes(2)), "the run committed no epoch within 2 minutes");
            Assert.True(killed.KillHard(), "the run ended before it was killed: the input is too small for this machine's speed");
        }

        var resumed = RunToEnd(dir, script, input, recovery);

        Assert.True(uninterrupted.Count > 1000, "the text should have over a thousand distinct words");
        Assert.Equal(uninterrupted, resumed);
    }

    private static string[] Args(string script, string input, string recovery) =>
        ["run", script, "-s", "0.1", "-r", recovery, "--arg", $"input={input}"];

    /// <summary>Runs the sample to the end of its input; returns its output lines, sorted.</summary>
    private static List<string> RunToEnd(TempDirectory dir, string script, string input, string recovery)
    {
        using var silo = SiloProcess.Start(dir.Path, Args(script, input, recovery));
        var (exitCode, output, error) = silo.WaitForExit(TimeSpan.FromMinutes(3));
        Assert.True(exitCode == ExitCodes.Success, $"exit code {exitCode}; stderr: {error}");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];
    }
}
