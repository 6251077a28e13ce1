using System.Text;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Silo.Service;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Service;

/// <summary>Where a silo puts the files a submitted script brings: beside the script, never outside the execution's code directory, whatever path a client sends.</summary>
public sealed class ServiceFlowLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Theory]
    [InlineData("../escaped.csx")]
    [InlineData("lib/../../escaped.csx")]
    [InlineData("/tmp/escaped.csx")]
    [InlineData("lib//escaped.csx")]
    [InlineData("lib\\escaped.csx")]
    public void Load_AFileWhosePathIsNotUnderTheScript_IsRefusedNamingIt_AndWrittenNowhere(string path)
    {
        var loader = new ServiceFlowLoader(Path.Combine(_dir.Path, "data"), sharedStore: null);

        var error = Assert.Throws<FlowCodeException>(() => loader.Load(Deployment(new FlowSourceFile(path, Encoding.UTF8.GetBytes("static int One() => 1;")))));

        Assert.Contains($"brings '{path}', which is not a path under its directory", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir.Path, "escaped.csx", SearchOption.AllDirectories));
    }

    [Fact]
    public void Load_AFileNamedAsTheScriptItself_IsRefused()
    {
        var loader = new ServiceFlowLoader(Path.Combine(_dir.Path, "data"), sharedStore: null);

        var error = Assert.Throws<FlowCodeException>(() => loader.Load(Deployment(new FlowSourceFile("loads.csx", Encoding.UTF8.GetBytes("var flow = new Dataflow(\"other\");\nflow\n")))));

        Assert.Contains("brings a file of its own name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AScriptWithTheFileItLoads_BuildsItsFlow()
    {
        var loader = new ServiceFlowLoader(Path.Combine(_dir.Path, "data"), sharedStore: null);

        var loaded = loader.Load(Deployment(new FlowSourceFile("lib/one.csx", Encoding.UTF8.GetBytes("static int One() => 1;\n"))));
        using var code = loaded.Code;

        Assert.Equal("loads", loaded.Flow.Id);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>A submitted script that loads <c>lib/one.csx</c>, bringing <paramref name="file"/>.</summary>
    private static FlowDeployment Deployment(FlowSourceFile file)
    {
        const string Script = """
            #load "lib/one.csx"
            var flow = new Dataflow("loads");
            flow.Input("in", new TestingSource<int>([One()])).Output("out", new StdOutSink<int>());
            flow
            """;
        var defaults = new ExecutionOptions();
        var settings = new FlowSettings(1, TimeSpan.FromSeconds(1), defaults.ExchangeBatchSize, defaults.KeyPartitionCount, RecoveryStore: null);
        var source = new FlowSource("loads.csx", Encoding.UTF8.GetBytes(Script), Files: [file]);
        return new FlowDeployment(FlowDefinition.Submitted(source), settings, FlowDeployment.NewExecutionId("loads"));
    }
}
