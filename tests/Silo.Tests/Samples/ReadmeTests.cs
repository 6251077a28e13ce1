using System.Text.RegularExpressions;
using Orleans.Dataflow.Silo.Hosting;
using Orleans.Dataflow.Silo.Loading;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Samples;

/// <summary>The README's API tour is code a user will paste: it must compile and do what the README says.</summary>
[Collection(ConsoleCollection.Name)]
public partial class ReadmeTests
{
    [Fact]
    public void ReadmeTour_FirstExample_CompilesAndPrintsRunningTotals()
    {
        using var dir = new TempDirectory();
        dir.Write("orders.csv", "id,customer,amount\n1,ada,10.5\n2,bob,1\n3,ada,2\n");
        var script = dir.Write("orders.csx", CSharpBlocks()[0]);
        var output = new StringWriter();
        var original = Console.Out;
        var previousDirectory = Environment.CurrentDirectory;
        try
        {
            Console.SetOut(output);
            Environment.CurrentDirectory = dir.Path;
            DataflowRunner.RunMain(FlowLoader.Load(script));
        }
        finally
        {
            Console.SetOut(original);
            Environment.CurrentDirectory = previousDirectory;
        }

        Assert.Equal(["ada: 10.5", "bob: 1", "ada: 12.5"], output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void ReadmeTour_StatefulLogicExample_Compiles()
    {
        using var dir = new TempDirectory();
        var block = CSharpBlocks()[1];
        var script = dir.Write("silence.csx", $$"""
            var flow = new Dataflow("silence");
            var readings = flow.Input("in", new TestingSource<double>(new[] { 1.0 })).KeyOn("key", _ => "sensor");
            {{block}}
            readings.Stateful("silence_out", (DateTimeOffset? resumed) => new Silence(resumed)).Output("out", new StdOutSink<(string, string)>());
            flow
            """);

        Assert.Equal("silence", FlowLoader.Load(script).Id);
    }

    [Fact]
    public void ReadmeWindowing_Example_CompilesAndPrintsWhatTheReadmeSays()
    {
        using var dir = new TempDirectory();
        var script = dir.Write("clicks.csx", Assert.Single(CSharpBlocks(), block => block.Contains("TumblingWindower", StringComparison.Ordinal)));
        var output = new StringWriter();
        var original = Console.Out;
        try
        {
            Console.SetOut(output);
            DataflowRunner.RunMain(FlowLoader.Load(script), new RunOptions { WorkerCount = 2 });
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Equal(
            ["ada: 1 in minute 1", "ada: 2 in minute 0", "ada: late click 40 s after noon", "bob: 1 in minute 0"],
            output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ReadmeAspNetSection_CodeBlock_IsTheSamplesProgramCs()
    {
        var program = File.ReadAllText(RepositoryPaths.Combine("samples", "AspNetHost", "Program.cs"));

        Assert.Contains(program, CSharpBlocks());
    }

    private static List<string> CSharpBlocks()
        => CSharpBlock().Matches(File.ReadAllText(RepositoryPaths.Combine("README.md"))).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
