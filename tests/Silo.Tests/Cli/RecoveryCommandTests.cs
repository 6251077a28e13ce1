using System.Globalization;
using Orleans.Dataflow.Silo.Cli;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Cli;

/// <summary><c>recovery init DIR N</c> as a user types it: creates the partitions, never overwrites, refuses a bad count.</summary>
public sealed class RecoveryCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Init_NewDirectory_CreatesThatManyPartitionsAndSaysSo()
    {
        var recovery = Path.Combine(_dir.Path, "recovery");

        var run = CliRun.Invoke(["recovery", "init", recovery, "3"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(["part-0.sqlite3", "part-1.sqlite3", "part-2.sqlite3"], Directory.GetFiles(recovery).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal($"created 3 recovery partition(s) in '{recovery}'", Assert.Single(run.ErrorLines));
        Assert.Empty(run.Out);
    }

    [Fact]
    public void Init_DirectoryWithPartitions_ExitsOneAndOverwritesNothing()
    {
        var recovery = Path.Combine(_dir.Path, "recovery");
        CliRun.Invoke(["recovery", "init", recovery, "2"]);
        var before = File.GetLastWriteTimeUtc(Path.Combine(recovery, "part-0.sqlite3"));

        var run = CliRun.Invoke(["recovery", "init", recovery, "4"]);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.StartsWith($"error: recovery directory '{recovery}' already holds 2 partition(s)", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetFiles(recovery).Length);
        Assert.Equal(before, File.GetLastWriteTimeUtc(Path.Combine(recovery, "part-0.sqlite3")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Init_CountBelowOne_ExitsWithUsageAndCreatesNothing(int count)
    {
        var recovery = Path.Combine(_dir.Path, "recovery");

        var run = CliRun.Invoke(["recovery", "init", recovery, count.ToString(CultureInfo.InvariantCulture)]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal($"error: the partition count must be at least 1; got {count}", Assert.Single(run.ErrorLines));
        Assert.False(Directory.Exists(recovery));
    }

    public void Dispose() => _dir.Dispose();
}
