namespace Orleans.Dataflow.Grains.Operators.Merge;

/// <summary>Passes the batches of all its inputs on unchanged; its frontier is the smallest of its inputs'.</summary>
internal sealed class MergeOperator<T>(OperatorContext context, int inputCount) : Operator(context, inputCount), IBatchReceiver<T>
{
    public OutputPort<T> Output { get; } = new();

    public void OnBatch(long epoch, ArraySegment<T> items) => Output.Send(epoch, items);

    protected override void SendProgress(long frontier) => Output.SendProgress(frontier);
}
