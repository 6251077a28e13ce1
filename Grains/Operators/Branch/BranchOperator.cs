using Orleans.Dataflow.Grains.Batching;

namespace Orleans.Dataflow.Grains.Operators.Branch;

/// <summary>Splits each batch by a predicate into two outputs (0: true, 1: false), keeping order within each.</summary>
internal sealed class BranchOperator<T> : Operator, IBatchReceiver<T>, IReusedBuffers
{
    private readonly Func<T, bool> _predicate;
    private readonly BufferEmitter<T> _trues;
    private readonly BufferEmitter<T> _falses;

    public BranchOperator(OperatorContext context, Func<T, bool> predicate)
        : base(context, 1)
    {
        _predicate = predicate;
        _trues = new BufferEmitter<T>(context.Options.ExchangeBatchSize);
        _falses = new BufferEmitter<T>(context.Options.ExchangeBatchSize);
    }

    public OutputPort<T> Trues { get; } = new();

    public OutputPort<T> Falses { get; } = new();

    public void OnBatch(long epoch, ArraySegment<T> items)
    {
        _trues.CurrentEpoch = epoch;
        _falses.CurrentEpoch = epoch;
        foreach (var item in items)
        {
            bool decision;
            try
            {
                decision = _predicate(item);
            }
            catch (Exception e)
            {
                if (PassesOver(e, item, epoch))
                {
                    continue;
                }

                throw FailureOnItem(e, item);
            }

            (decision ? _trues : _falses).Emit(item);
        }

        _trues.FlushTo(Trues);
        _falses.FlushTo(Falses);
    }

    /// <inheritdoc/>
    public void ReleaseRecords()
    {
        _trues.ReleaseRecords();
        _falses.ReleaseRecords();
    }

    protected override void SendProgress(long frontier)
    {
        Trues.SendProgress(frontier);
        Falses.SendProgress(frontier);
    }
}
