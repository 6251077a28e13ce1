using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Samples;

/// <summary>The README's examples are code a user will paste: they must do what the README says they do.</summary>
/// <remarks><see cref="DocCodeBlockTests"/> runs every runnable block; these check what some of them print.</remarks>
[Collection(ConsoleCollection.Name)]
public sealed class ReadmeTests
{
    [Fact]
    public void ReadmeTour_FirstExample_PrintsTheShippedOrdersRunningTotals()
    {
        var output = DocCodeRunner.Run(Block("new Dataflow(\"orders\")"));

        Assert.Equal(["ada: 10.50", "bob: 4.00", "ada: 12.75", "cyd: 7.00", "bob: 5.00"], Lines(output));
    }

    [Fact]
    public void ReadmeTour_TestingExample_PrintsCompletedAndTheCounts()
    {
        var output = DocCodeRunner.Run(Block("new Dataflow(\"count_words\")"));

        Assert.Equal(["Completed", "(be, 2), (not, 1), (or, 1), (to, 2)"], Lines(output));
    }

    [Fact]
    public void ReadmeTour_StatefulLogicExample_PrintsBothSensorsSilentDuringThePause()
    {
        var output = DocCodeRunner.Run(Block("class Silence"));

        Assert.Equal(["garage: silent for 1 s", "kitchen: silent for 1 s"], Lines(output).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ReadmeWindowing_Example_PrintsWhatTheReadmeSays()
    {
        var output = DocCodeRunner.Run(Block("clicks_per_minute"), workers: 2);

        Assert.Equal(
            ["ada: 1 in minute 1", "ada: 2 in minute 0", "ada: late click 40 s after noon", "bob: 1 in minute 0"],
            Lines(output).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ReadmeJoins_ThreeWayExample_PrintsCompleteRowsThenEveryKeyAtEof()
    {
        var output = DocCodeRunner.Run(Block("new Dataflow(\"users\")"), workers: 2);

        Assert.Equal(
        [
            "complete 123: Bee, bee@example.com, plan 2",
            "complete 456: Hive, hive@example.com, plan 1",
            "final 123: Bee, bee@example.com, plan 2",
            "final 456: Hive, hive@example.com, plan 1",
            "final 789: Pooh, no email, plan none",
        ], Lines(output).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ReadmeJoins_WindowExample_PrintsOneRowPerMinuteWithTheMissingSide()
    {
        var output = DocCodeRunner.Run(Block("new Dataflow(\"climate\")"), workers: 2);

        Assert.Equal(["hall minute 0: 21.5 40 1013", "hall minute 1: 22 42 -"], Lines(output).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ReadmeUsingTheLibrary_CodeBlock_IsThePackageConsumersProgramAndPrintsWhatTheReadmeSays()
    {
        var program = File.ReadAllText(RepositoryPaths.Combine("samples", "PackageConsumer", "Program.cs")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var block = Block("test_cluster: ");

        Assert.Equal(program, block.Code);
        Assert.Equal(
            ["run_main: Completed (be, 2), (not, 1), (or, 1), (to, 2)", "test_cluster: Completed (be, 2), (not, 1), (or, 1), (to, 2)"],
            Lines(DocCodeRunner.Run(block)));
    }

    [Fact]
    public void ReadmeScriptExample_WithoutArgs_GreetsTheWorld()
    {
        var output = DocCodeRunner.Run(Block("new Dataflow(\"hello\")"));

        Assert.Equal(["hello", "world"], Lines(output));
    }

    [Fact]
    public void ReadmeTestClusterExample_KillingASiloMidRun_Completes()
    {
        var output = DocCodeRunner.Run(Block("running.Kill(1)"));

        Assert.Equal(["Completed"], Lines(output));
    }

    [Fact]
    public void ReadmeAspNetSection_CodeBlock_IsTheSamplesProgramCs()
    {
        var program = File.ReadAllText(RepositoryPaths.Combine("samples", "AspNetHost", "Program.cs")).Replace("\r\n", "\n", StringComparison.Ordinal);

        Assert.Contains(program, DocCodeBlock.Of("README.md").Select(block => block.Code));
    }

    private static DocCodeBlock Block(string containing)
        => Assert.Single(DocCodeBlock.Of("README.md"), block => block.Code.Contains(containing, StringComparison.Ordinal));

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
