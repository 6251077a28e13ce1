using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Silo.Hosting;
using Orleans.Dataflow.Silo.Loading;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Scripting;

public class ScriptFlowLoaderTests
{
    private const string ValidBody = """
        flow.Input("inp", new TestingSource<int>(new[] { 1, 2, 3 }))
            .Map("double", x => x * 2)
            .Output("out", new TestingSink<int>(new List<int>()));
        flow
        """;

    [Fact]
    public void Load_ScriptEndingWithFlow_ReturnsThatFlowReadyToRun()
    {
        using var dir = new TempDirectory();
        var script = dir.Write("flow.csx", "var flow = new Dataflow(\"scripted\");\n" + ValidBody);

        var flow = FlowLoader.Load(script);

        Assert.Equal("scripted", flow.Id);
        Assert.Equal(ExecutionOutcome.Completed, DataflowRunner.RunMain(flow).Outcome);
    }

    [Fact]
    public void Load_ArgsGiven_ScriptSeesThemAsGlobalArgs()
    {
        using var dir = new TempDirectory();
        var script = dir.Write("flow.csx", """
            var flow = new Dataflow(Args["name"] + "_" + Args.GetValueOrDefault("missing", "fallback") + "_" + Args.Count);
            flow
            """);

        var flow = FlowLoader.Load(script, new Dictionary<string, string> { ["name"] = "fromargs" });

        Assert.Equal("fromargs_fallback_1", flow.Id);
    }

    [Fact]
    public void Load_ScriptWithoutUsings_SeesTheWindowingTypes()
    {
        using var dir = new TempDirectory();
        var script = dir.Write("flow.csx", """
            var windower = new TumblingWindower(TimeSpan.FromSeconds(10), DateTimeOffset.UnixEpoch);
            new Dataflow("windowed_" + (long)windower.Length.TotalSeconds)
            """);

        Assert.Equal("windowed_10", FlowLoader.Load(script).Id);
    }

    [Fact]
    public void Load_Script_SeesItsOwnPathAndDirectory()
    {
        using var dir = new TempDirectory();
        var script = dir.Write("sub/flow.csx", """
            if (ScriptPath != Path.Combine(ScriptDirectory, "flow.csx")) throw new Exception(ScriptPath);
            new Dataflow(Path.GetFileName(ScriptDirectory))
            """);

        Assert.Equal("sub", FlowLoader.Load(script).Id);
    }

    [Fact]
    public void Load_CompileError_ThrowsNamingFileLineAndColumn()
    {
        using var dir = new TempDirectory();
        var script = dir.Write("broken.csx", "var flow = new Dataflow(\"broken\");\nvar x = undefinedThing + 1;\nflow\n");

        var error = Assert.Throws<FlowLoadException>(() => FlowLoader.Load(script));

        var line = Assert.Single(error.Diagnostics);
        Assert.Contains("broken.csx:2:9: error CS0103:", line, StringComparison.Ordinal);
        Assert.Contains("undefinedThing", line, StringComparison.Ordinal);
        Assert.Contains("broken.csx:2:9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LoadDirective_ResolvesRelativeToTheScript()
    {
        using var dir = new TempDirectory();
        dir.Write("lib/names.csx", "static string FlowName() => \"from_load\";\n");
        var script = dir.Write("flows/main.csx", "#load \"../lib/names.csx\"\nnew Dataflow(FlowName())\n");

        Assert.Equal("from_load", FlowLoader.Load(script).Id);
    }

    [Fact]
    public void Load_ReferenceDirective_ResolvesRelativeToTheScript()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "lib"));
        FlowAssemblyCompiler.Compile(Path.Combine(dir.Path, "lib"), "ScriptHelpers" + Guid.NewGuid().ToString("N"), """
            namespace Helpers;
            public static class Names { public static string Flow => "from_reference"; }
            """);
        var dll = Path.GetFileName(Directory.GetFiles(Path.Combine(dir.Path, "lib"), "*.dll").Single());
        var script = dir.Write("main.csx", $"#r \"lib/{dll}\"\nnew Dataflow(Helpers.Names.Flow)\n");

        Assert.Equal("from_reference", FlowLoader.Load(script).Id);
    }

    [Fact]
    public void Load_ScriptWithoutFinalExpression_ThrowsExplainingWhatIsExpected()
    {
        using var dir = new TempDirectory();
        var script = dir.Write("noflow.csx", "var flow = new Dataflow(\"x\");\n");

        var error = Assert.Throws<FlowLoadException>(() => FlowLoader.Load(script));

        Assert.Contains("must end with an expression that evaluates to a Dataflow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ScriptEndingWithAnotherType_ThrowsNamingTheType()
    {
        using var dir = new TempDirectory();
        var script = dir.Write("number.csx", "42\n");

        var error = Assert.Throws<FlowLoadException>(() => FlowLoader.Load(script));

        Assert.Contains("got a value of type Int32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ScriptThrowsWhileBuilding_WrapsTheUserException()
    {
        using var dir = new TempDirectory();
        var script = dir.Write("throws.csx", "throw new InvalidOperationException(\"no input today\");\n");

        var error = Assert.Throws<FlowLoadException>(() => FlowLoader.Load(script));

        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Contains("no input today", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FlowNameDifferentFromScriptFlowId_Throws()
    {
        using var dir = new TempDirectory();
        var script = dir.Write("flow.csx", "new Dataflow(\"actual\")\n");

        var error = Assert.Throws<FlowLoadException>(() => FlowLoader.Load(script, flowName: "expected"));

        Assert.Contains("'actual'", error.Message, StringComparison.Ordinal);
        Assert.Equal("actual", FlowLoader.Load(script, flowName: "actual").Id);
    }
}
