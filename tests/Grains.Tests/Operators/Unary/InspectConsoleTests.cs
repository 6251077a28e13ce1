using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Operators.Unary;

/// <summary>The default inspectors print to <see cref="Console.Out"/>; these tests swap it, so they run alone.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class InspectConsoleTests
{
    [Fact]
    public void Inspect_DefaultInspector_PrintsFlowDotStepColonItem()
    {
        var printed = CaptureConsole(() =>
            FlowRunner.Run<int>((h, sink) => h.Input("inp", [0, 1]).Inspect("help").Output("out", sink), flowId: "my_flow"));

        Assert.Equal($"my_flow.help: 0{Environment.NewLine}my_flow.help: 1{Environment.NewLine}", printed);
    }

    [Fact]
    public void InspectDebug_DefaultInspector_PrintsWorkerAndEpoch()
    {
        var printed = CaptureConsole(() =>
            FlowRunner.Run<string>((h, sink) => h.Input("inp", ["hello"]).InspectDebug("help").Output("out", sink), flowId: "inspect_debug_eg"));

        Assert.Equal($"inspect_debug_eg.help W0 @1: hello{Environment.NewLine}", printed);
    }

    private static string CaptureConsole(Action action)
    {
        var original = Console.Out;
        using var writer = new StringWriter();
        Console.SetOut(writer);
        try
        {
            action();
        }
        finally
        {
            Console.SetOut(original);
        }

        return writer.ToString();
    }
}
