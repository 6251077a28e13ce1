using Orleans.Dataflow.Silo.Cli;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Cli;

/// <summary><c>run FLOW --describe</c> prints the flow's steps and where items are exchanged, as a table, Mermaid or JSON, without running it.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RunDescribeTests
{
    private static readonly string _wordCount = RepositoryPaths.Combine("samples", "wordcount.csx");

    [Fact]
    public void Run_Describe_PrintsEveryStepAndTheKeyExchangeWithoutRunning()
    {
        var run = CliRun.Invoke(["run", _wordCount, "--describe", "-q"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("flow 'wordcount': 7 steps", run.OutLines[0]);
        Assert.Matches(@"^  STEP\s+OPERATOR\s+CONSUMES\s+EXCHANGE$", run.OutLines[1]);
        Assert.Matches(@"^  count\.sum\s+count_final\s+count\.key: \(String, Int64\)\s+by key$", Assert.Single(run.OutLines, line => line.StartsWith("  count.sum", StringComparison.Ordinal)));
        Assert.Matches(@"^  out\s+output\s+format: String\s+-$", Assert.Single(run.OutLines, line => line.StartsWith("  out ", StringComparison.Ordinal)));
        Assert.DoesNotContain(run.OutLines, line => line.Contains('\t', StringComparison.Ordinal));
        Assert.Empty(run.Error);
    }

    [Fact]
    public void Run_DescribeMermaid_PrintsAFlowchartWithTheExchangeAsAThickEdge()
    {
        var run = CliRun.Invoke(["run", _wordCount, "--describe", "mermaid", "-q"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("flowchart TD", run.OutLines[0]);
        Assert.Contains(run.OutLines, line => line.Contains("==>|\"(String, Int64), by key\"|", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_DescribeUnknownFormat_IsAUsageErrorNamingTheFormats()
    {
        var run = CliRun.Invoke(["run", _wordCount, "--describe", "svg"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("error: --describe takes text, mermaid, json; got 'svg'", Assert.Single(run.ErrorLines));
        Assert.Empty(run.Out);
    }
}
