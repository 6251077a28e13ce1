using Orleans.Dataflow.Outputs;
using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow;

/// <summary>Operators for looking at a flow while it runs: inspect, inspect_debug, and raises.</summary>
public static class InspectExtensions
{
    /// <summary>Calls <paramref name="inspector"/> with the step's full id and every item, and passes the items on unchanged.</summary>
    /// <remarks><b>Emits:</b> every item unchanged. The default inspector prints <c>flow.step: item</c> to stdout.</remarks>
    public static Stream<T> Inspect<T>(this Stream<T> up, string stepId, Action<string, T>? inspector = null)
    {
        var inspect = inspector ?? ((id, item) => Console.Out.WriteLine($"{id}: {item}"));
        return StepBuilder.Unary<T, T>(up, stepId, "inspect", context =>
        {
            var fullId = $"{context.FlowId}.{context.StepId}";
            return (batch, output) => StepBuilder.ForEach<T, T>(batch, output, (item, o) =>
            {
                inspect(fullId, item);
                o.Emit(item);
            });
        });
    }

    /// <summary>Calls <paramref name="inspector"/> with the step's full id, every item, its epoch and the worker index, and passes the items on.</summary>
    /// <remarks><b>Emits:</b> every item unchanged. The default prints <c>flow.step W{worker} @{epoch}: item</c>. Epochs start at 1.</remarks>
    public static Stream<T> InspectDebug<T>(this Stream<T> up, string stepId, Action<string, T, long, int>? inspector = null)
    {
        var inspect = inspector ?? ((id, item, epoch, worker) => Console.Out.WriteLine($"{id} W{worker} @{epoch}: {item}"));
        return StepBuilder.Unary<T, T>(up, stepId, "inspect_debug", context =>
        {
            var fullId = $"{context.FlowId}.{context.StepId}";
            return (batch, output) => StepBuilder.ForEach<T, T>(batch, output, (item, o) =>
            {
                inspect(fullId, item, o.Epoch, context.WorkerIndex);
                o.Emit(item);
            });
        });
    }

    /// <summary>Ends the stream with a step that fails the run on the first item it sees; for asserting that a stream stays empty.</summary>
    public static void Raises<T>(this Stream<T> up, string stepId)
    {
        ArgumentNullException.ThrowIfNull(up);
        up.Flow.Add(new OutputStep<T>(stepId, up, new RaisingSink<T>(up.Flow.Id)) { Operator = "raises" });
    }

    private sealed class RaisingSink<T>(string flowId) : DynamicSink<T>
    {
        public override StatelessSinkPartition<T> Build(string stepId, int workerIndex, int workerCount) => new Partition($"{flowId}.{stepId}");

        private sealed class Partition(string fullId) : StatelessSinkPartition<T>
        {
            public override void WriteBatch(IReadOnlyList<T> items)
            {
                if (items.Count > 0)
                {
                    throw new ItemFailedException(items[0], new InvalidOperationException($"`raises` step '{fullId}' got an item: {items[0]}"), 0);
                }
            }
        }
    }
}
