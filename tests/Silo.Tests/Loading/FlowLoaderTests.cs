using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Silo.Hosting;
using Orleans.Dataflow.Silo.Loading;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Loading;

public class FlowLoaderTests
{
    private const string OneFlow = """
        using System.Collections.Generic;
        using Orleans.Dataflow;
        using Orleans.Dataflow.Testing;

        namespace MyFlows;

        public static class Numbers
        {
            public static List<int> Seen { get; } = new();

            public static Dataflow Doubled()
            {
                var flow = new Dataflow("doubled");
                flow.Input("inp", new TestingSource<int>(new[] { 1, 2, 3 }))
                    .Map("double", x => x * 2)
                    .Output("out", new TestingSink<int>(Seen));
                return flow;
            }

            // Not flows: wrong return type, unsupported parameters, generic, not public.
            public static int NotAFlow() => 0;
            public static Dataflow TakesInt(int x) => new Dataflow("x");
            public static Dataflow Generic<T>() => new Dataflow("g");
            internal static Dataflow Hidden() => new Dataflow("h");
        }
        """;

    private const string SeveralFlows = """
        using System.Collections.Generic;
        using Orleans.Dataflow;

        namespace MyFlows
        {
            public static class Sales
            {
                public static Dataflow Daily() => new Dataflow("sales_daily");
                public static Dataflow Weekly => new Dataflow("sales_weekly");
                public static readonly Dataflow Monthly = new Dataflow("sales_monthly");
                public static Dataflow FromArgs(IReadOnlyDictionary<string, string> args) => new Dataflow(args["name"]);
            }

            public static class Stock
            {
                public static Dataflow Daily() => new Dataflow("stock_daily");

                public static class Nested
                {
                    public static Dataflow Hourly() => new Dataflow("stock_hourly");
                }
            }

            public static class Broken
            {
                public static Dataflow Throws() => throw new System.InvalidOperationException("cannot build");
                public static Dataflow ReturnsNull() => null!;
            }
        }
        """;

    [Fact]
    public void Load_AssemblyWithOneFlow_BuildsItWithoutAFlowName()
    {
        using var dir = new TempDirectory();
        var path = FlowAssemblyCompiler.Compile(dir.Path, UniqueName("OneFlow"), OneFlow);

        var flow = FlowLoader.Load(path);

        Assert.Equal("doubled", flow.Id);
    }

    [Fact]
    public void Load_AssemblyFlow_RunsOnTheSilosEngine()
    {
        using var dir = new TempDirectory();
        var name = UniqueName("OneFlow");
        var path = FlowAssemblyCompiler.Compile(dir.Path, name, OneFlow);

        var flow = FlowLoader.Load(path);
        var result = DataflowRunner.RunMain(flow, new RunOptions { WorkerCount = 2 });

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        var numbers = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == name).GetType("MyFlows.Numbers")!;
        var seen = (List<int>)numbers.GetProperty("Seen")!.GetValue(null)!;
        Assert.Equal([2, 4, 6], seen.Order());
    }

    [Fact]
    public void Load_AssemblyWithSeveralFlows_RequiresAFlowNameAndListsThem()
    {
        using var dir = new TempDirectory();
        var path = FlowAssemblyCompiler.Compile(dir.Path, UniqueName("Several"), SeveralFlows);

        var error = Assert.Throws<FlowLoadException>(() => FlowLoader.Load(path));

        Assert.Contains("choose one with --flow", error.Message, StringComparison.Ordinal);
        foreach (var name in new[] { "MyFlows.Sales.Daily", "MyFlows.Stock.Daily", "Weekly", "Monthly", "FromArgs", "Hourly", "Throws" })
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Weekly", "sales_weekly")]
    [InlineData("Monthly", "sales_monthly")]
    [InlineData("Sales.Daily", "sales_daily")]
    [InlineData("MyFlows.Stock.Daily", "stock_daily")]
    [InlineData("Hourly", "stock_hourly")]
    [InlineData("MyFlows.Stock.Nested.Hourly", "stock_hourly")]
    public void Load_FlowName_PicksThatMember(string flowName, string expectedId)
    {
        using var dir = new TempDirectory();
        var path = FlowAssemblyCompiler.Compile(dir.Path, UniqueName("Several"), SeveralFlows);

        Assert.Equal(expectedId, FlowLoader.Load(path, flowName: flowName).Id);
    }

    [Fact]
    public void Load_MethodTakingArgs_ReceivesTheArgs()
    {
        using var dir = new TempDirectory();
        var path = FlowAssemblyCompiler.Compile(dir.Path, UniqueName("Several"), SeveralFlows);

        var flow = FlowLoader.Load(path, new Dictionary<string, string> { ["name"] = "named_by_args" }, "FromArgs");

        Assert.Equal("named_by_args", flow.Id);
    }

    [Fact]
    public void Load_AmbiguousFlowName_ThrowsListingQualifiedNames()
    {
        using var dir = new TempDirectory();
        var path = FlowAssemblyCompiler.Compile(dir.Path, UniqueName("Several"), SeveralFlows);

        var error = Assert.Throws<FlowLoadException>(() => FlowLoader.Load(path, flowName: "Daily"));

        Assert.Contains("ambiguous", error.Message, StringComparison.Ordinal);
        Assert.Contains("MyFlows.Sales.Daily", error.Message, StringComparison.Ordinal);
        Assert.Contains("MyFlows.Stock.Daily", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownFlowName_ThrowsListingTheFlows()
    {
        using var dir = new TempDirectory();
        var path = FlowAssemblyCompiler.Compile(dir.Path, UniqueName("OneFlow"), OneFlow);

        var error = Assert.Throws<FlowLoadException>(() => FlowLoader.Load(path, flowName: "NotAFlow"));

        Assert.Contains("no flow named 'NotAFlow'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Doubled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FlowBuilderThrows_WrapsTheUserException()
    {
        using var dir = new TempDirectory();
        var path = FlowAssemblyCompiler.Compile(dir.Path, UniqueName("Several"), SeveralFlows);

        var error = Assert.Throws<FlowLoadException>(() => FlowLoader.Load(path, flowName: "Throws"));

        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Contains("cannot build", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FlowBuilderReturnsNull_Throws()
    {
        using var dir = new TempDirectory();
        var path = FlowAssemblyCompiler.Compile(dir.Path, UniqueName("Several"), SeveralFlows);

        var error = Assert.Throws<FlowLoadException>(() => FlowLoader.Load(path, flowName: "ReturnsNull"));

        Assert.Contains("returned null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AssemblyWithoutFlows_ThrowsExplainingTheConvention()
    {
        using var dir = new TempDirectory();
        var path = FlowAssemblyCompiler.Compile(dir.Path, UniqueName("Empty"), "public static class Nothing { public static int Zero => 0; }");

        var error = Assert.Throws<FlowLoadException>(() => FlowLoader.Load(path));

        Assert.Contains("exposes no flow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotAnAssembly_ThrowsFlowLoadException()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("Fake.dll", "this is not a PE file");

        Assert.Throws<FlowLoadException>(() => FlowLoader.Load(path));
    }

    [Fact]
    public void Load_UnsupportedExtension_ThrowsArgumentException()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("flow.py", "print('bytewax')");

        Assert.Throws<ArgumentException>(() => FlowLoader.Load(path));
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => FlowLoader.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".csx")));
    }

    private static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N");
}
