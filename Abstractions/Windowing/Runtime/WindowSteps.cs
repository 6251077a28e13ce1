using Orleans.Dataflow.Plan;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Windowing;

/// <summary>Adds the steps of a windowing operator inside its reserved scope: the stateful <c>window</c> step, whose three outputs are its results, late items and metadata, and the <c>down</c>, <c>late</c> and <c>meta</c> steps that read one each.</summary>
internal static class WindowSteps
{
    public static WindowOut<TValue, TOut> Add<TValue, TOut, TSlot, TState>(Stream<(string Key, TValue Value)> up, string scope, string operatorName,
        Clock<TValue> clock, Windower windower, WindowAggregator<TValue, TOut, TSlot, TState> windows, bool ordered, ISerde<TState>? stateSerde)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(windower);
        var serde = new WindowSnapshotSerde<TValue, TState>(Serde.For<TValue>(), stateSerde ?? Serde.For<TState>());
        KeyedStream<(long, WindowMetadata)>? meta = null;
        // The logic is made when the flow is built into a plan, once every step is added: by then it is known
        // whether any step reads the meta stream, and a window that nobody asks about makes no metadata events.
        var events = StepBuilder.Stateful(up,
            new StatefulStep<TValue, WindowEvent<TValue, TOut>, WindowKeyState<TValue, TSlot>, WindowSnapshot<TValue, TState>>(
                $"{scope}.window", operatorName, up,
                context => new WindowKeyedLogic<TValue, TOut, TSlot, TState>(clock, windower, windows, ordered, context.Clock, IsRead(meta!)), serde)
            {
                StreamTimestampOf = clock.StreamTimestampOf,
                StreamWatermarkWait = clock.StreamWatermarkWait,
                // Split by kind as the logic emits: each of the three steps below reads only its own kind.
                OutputCount = 3,
                OutputOf = static e => (int)e.Kind,
            },
            scope);

        var down = Project<TValue, TOut, (long, TOut)>(events, scope, "down", WindowEventKind.Emit, static e => (e.WindowId, e.Emitted));
        var late = Project<TValue, TOut, (long, TValue)>(events, scope, "late", WindowEventKind.Late, static e => (e.WindowId, e.Late));
        meta = Project<TValue, TOut, (long, WindowMetadata)>(events, scope, "meta", WindowEventKind.Meta, static e => (e.WindowId, e.Meta!));
        return new WindowOut<TValue, TOut>(down, late, meta);
    }

    /// <summary>Whether any step of its flow consumes <paramref name="stream"/>.</summary>
    private static bool IsRead(DataflowStream stream) => stream.Flow.Steps.Any(step => step.Inputs.Any(input => ReferenceEquals(input.Producer, stream.Producer)));

    /// <summary>The step that reads the window step's output of <paramref name="kind"/> (the output numbered as the kind) and turns its events into the values of that stream.</summary>
    private static KeyedStream<TResult> Project<TValue, TOut, TResult>(KeyedStream<WindowEvent<TValue, TOut>> events, string scope, string name,
        WindowEventKind kind, Func<WindowEvent<TValue, TOut>, TResult> select)
    {
        var ofKind = new KeyedStream<WindowEvent<TValue, TOut>>(events.Flow, events.Producer, (int)kind);
        var step = new UnaryStep<(string Key, WindowEvent<TValue, TOut> Value), (string Key, TResult Value)>($"{scope}.{name}", "window", ofKind,
            _ => (batch, output) =>
            {
                foreach (var (key, e) in batch)
                {
                    output.Emit((key, select(e)));
                }
            });
        events.Flow.AddNested(scope, step);
        return new KeyedStream<TResult>(events.Flow, step, 0);
    }
}
