using Orleans.Dataflow.Plan;
using Orleans.Dataflow.Testing;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Abstractions.Tests.Windowing;

/// <summary>A window makes metadata events only when a step reads its <c>Meta</c> stream: nobody else would see them.</summary>
public sealed class WindowMetaDemandTests
{
    private static readonly DateTimeOffset _align = new(2022, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CountWindow_MetaStreamNotRead_ClosesItsWindowWithoutAMetadataEvent()
    {
        var flow = new Dataflow("meta_demand");
        var counted = Count(flow);
        counted.Down.Output("down", new TestingSink<(string, (long, long))>([]));

        Assert.Equal([WindowEventKind.Emit], CloseOneWindow(flow));
    }

    [Fact]
    public void CountWindow_MetaStreamRead_ClosesItsWindowWithItsMetadataEvent()
    {
        var flow = new Dataflow("meta_demand");
        var counted = Count(flow);
        counted.Down.Output("down", new TestingSink<(string, (long, long))>([]));
        counted.Meta.Output("meta", new TestingSink<(string, (long, WindowMetadata))>([]));

        Assert.Equal([WindowEventKind.Emit, WindowEventKind.Meta], CloseOneWindow(flow));
    }

    private static WindowOut<DateTimeOffset, long> Count(Dataflow flow) =>
        flow.Input("in", new TestingSource<DateTimeOffset>([_align.AddSeconds(1)]))
            .CountWindow("count", new EventClock<DateTimeOffset>(t => t, TimeSpan.Zero), new TumblingWindower(TimeSpan.FromSeconds(10), _align), _ => "k");

    /// <summary>Builds the window step's logic as an engine would, once the flow is complete, and closes the window of one item at EOF.</summary>
    private static List<WindowEventKind> CloseOneWindow(Dataflow flow)
    {
        var step = (StatefulStep<DateTimeOffset, WindowEvent<DateTimeOffset, long>, WindowKeyState<DateTimeOffset, long>, WindowSnapshot<DateTimeOffset, long>>)
            flow.Steps.Single(s => s.Id == "count.window");
        var logic = step.LogicFactory(new StepContext(flow.Id, step.Id, 0, 1));
        var key = logic.Create();
        var output = new ListEmitter<WindowEvent<DateTimeOffset, long>>();
        logic.BeforeBatch();
        logic.OnItem(ref key, _align.AddSeconds(1), output);
        logic.OnEof(ref key, output);
        return [.. output.Items.Select(e => e.Kind)];
    }
}
