using Orleans.Dataflow.Grains.Batching;
using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Grains.Operators.Unary;

/// <summary>Runs a stateless step's batch logic on each batch and hands the result on synchronously (fused with its neighbours).</summary>
internal sealed class UnaryOperator<TIn, TOut> : Operator, IBatchReceiver<TIn>, IReusedBuffers
{
    private readonly BatchLogic<TIn, TOut> _logic;
    private readonly BufferEmitter<TOut> _emitter;

    public UnaryOperator(OperatorContext context, BatchLogic<TIn, TOut> logic)
        : base(context, 1)
    {
        _logic = logic;
        _emitter = new BufferEmitter<TOut>(context.Options.ExchangeBatchSize);
    }

    public OutputPort<TOut> Output { get; } = new();

    public void OnBatch(long epoch, ArraySegment<TIn> items)
    {
        var direct = Output.Direct;
        Emitter<TOut> emitter;
        if (direct is null)
        {
            _emitter.CurrentEpoch = epoch;
            emitter = _emitter;
        }
        else
        {
            direct.BeginEmit(epoch);
            emitter = direct;
        }

        var rest = items;
        while (true)
        {
            try
            {
                _logic(rest, emitter);
                break;
            }
            catch (ItemFailedException failed) when (failed.Index >= 0 && failed.Index < rest.Count)
            {
                if (!PassesOver(failed.InnerException ?? failed, failed.Item, epoch))
                {
                    throw Failure(failed);
                }

                // What the logic emitted before the record stays; it goes on after the record.
                rest = rest.Slice(failed.Index + 1);
            }
            catch (Exception e)
            {
                throw Failure(e);
            }
        }

        if (direct is null)
        {
            _emitter.FlushTo(Output);
        }
        else
        {
            Output.CountSent(direct.EndEmit());
        }
    }

    /// <inheritdoc/>
    public void ReleaseRecords() => _emitter.ReleaseRecords();

    protected override void SendProgress(long frontier) => Output.SendProgress(frontier);
}
