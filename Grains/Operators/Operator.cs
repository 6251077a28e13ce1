using Orleans.Dataflow.Grains.Progress;
using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Grains.Operators;

/// <summary>The base of every physical operator on a worker: an input frontier over its channels, propagated to its outputs.</summary>
/// <remarks>
/// When the frontier moves, <see cref="OnFrontierAdvanced"/> runs first (stateful operators close epochs and
/// emit there), then the new frontier goes to every output. Owned by one worker thread.
/// </remarks>
internal abstract class Operator : IProgressReceiver
{
    private const int MaxRenderedLength = 120;
    private static readonly Action<Microsoft.Extensions.Logging.ILogger, string, string, int, long, string?, long, Exception?> _recordPassedOver =
        Microsoft.Extensions.Logging.LoggerMessage.Define<string, string, int, long, string?, long>(Microsoft.Extensions.Logging.LogLevel.Warning,
            new Microsoft.Extensions.Logging.EventId(Observability.DataflowEventIds.RecordPassedOver, "RecordPassedOver"),
            "flow {FlowId} step {StepId} (worker {Worker}, epoch {Epoch}) passed over record {Record} under its error policy; {Skipped} passed over so far");

    private Outputs.StatelessSinkPartition<DeadLetter>? _deadLetters;
    private readonly Frontier _input;

    protected Operator(OperatorContext context, int channelCount)
    {
        Context = context;
        _input = new Frontier(channelCount, context.StartEpoch);
    }

    public OperatorContext Context { get; }

    /// <summary>The smallest epoch this operator may still see; <see cref="Frontier.Eof"/> once all input has ended.</summary>
    public long InputFrontier => _input.Value;

    public int ChannelCount => _input.ChannelCount;

    public void OnProgress(int channel, long frontier)
    {
        var before = _input.Value;
        if (_input.Advance(channel, frontier))
        {
            OnFrontierAdvanced(before, _input.Value);
            SendProgress(_input.Value);
        }
    }

    /// <summary>Runs when the input frontier moves from <paramref name="from"/> to <paramref name="to"/>, before downstream learns of it.</summary>
    protected virtual void OnFrontierAdvanced(long from, long to)
    {
    }

    /// <summary>Tells every output that nothing below <paramref name="frontier"/> will come.</summary>
    protected abstract void SendProgress(long frontier);

    /// <summary>How many records this step passed over under its error policy (<see cref="ErrorPolicyKind.Skip"/> or <see cref="ErrorPolicyKind.DeadLetter"/>).</summary>
    /// <remarks>Updated by the worker thread; others read it racily, for status.</remarks>
    public long ItemsSkipped { get; private set; }

    /// <summary>Releases sources, sinks or state held by the operator; called once when the worker stops.</summary>
    /// <remarks>The base closes the step's dead-letter partition, if it wrote any; operators of sources and sinks, which have no error policy, replace it.</remarks>
    public virtual void Close() => _deadLetters?.Dispose();

    /// <summary>Whether the step's error policy passes over <paramref name="item"/>, which its code threw <paramref name="error"/> on in <paramref name="epoch"/>; if so the record is counted, and under <see cref="ErrorPolicyKind.DeadLetter"/> written to the dead-letter sink before this returns.</summary>
    /// <remarks>False under <see cref="ErrorPolicyKind.Fail"/>, and for the engine's own errors and aborts, which no policy passes over: the caller fails the run.</remarks>
    protected bool PassesOver(Exception error, object? item, long epoch)
    {
        var policy = Context.Errors;
        if (policy.Kind == ErrorPolicyKind.Fail || error is DataflowException or Inputs.AbortExecutionException)
        {
            return false;
        }

        ItemsSkipped++;
        LogPassedOver(error, item, epoch);
        if (policy.DeadLetters is { } sink)
        {
            var letter = new DeadLetter(Context.FlowId, Context.StepId, Context.WorkerIndex, epoch, item, error);
            try
            {
                (_deadLetters ??= sink.Build(Context.StepId, Context.WorkerIndex, Context.WorkerCount)).WriteBatch([letter]);
            }
            catch (Exception e)
            {
                throw FailureWhile(e, $"writing the dead letter of record {Render(item)}");
            }
        }

        return true;
    }

    /// <summary>Turns an exception from user code of this step into the run's error, naming the flow, step and worker (and the item, when the logic reported one).</summary>
    protected DataflowException Failure(Exception error) => error switch
    {
        DataflowException known => known,
        // A step it emitted into failed on the record (an exchange routing it): that error names its own step.
        ItemFailedException { InnerException: DataflowException known } => known,
        ItemFailedException failed => new DataflowException(Context.FlowId, Context.StepId, Context.WorkerIndex, Render(failed.Item), failed.InnerException ?? failed),
        _ => new DataflowException(Context.FlowId, Context.StepId, Context.WorkerIndex, null, error),
    };

    /// <summary>Logs a record passed over: the first ten of the step on this worker, then every thousandth, so a flood of bad records does not flood the log.</summary>
    private void LogPassedOver(Exception error, object? item, long epoch)
    {
        if (ItemsSkipped > 10 && ItemsSkipped % 1000 != 0)
        {
            return;
        }

        _recordPassedOver(Context.RecordLog, Context.FlowId, Context.StepId, Context.WorkerIndex, epoch, Render(item), ItemsSkipped, error);
    }

    /// <summary>The run's error for user code that threw while processing <paramref name="item"/>.</summary>
    protected DataflowException FailureOnItem(Exception error, object? item)
        => error as DataflowException ?? new DataflowException(Context.FlowId, Context.StepId, Context.WorkerIndex, Render(item), error);

    /// <summary>The run's error for user code that threw outside any one item, <paramref name="during"/> saying what the step was doing.</summary>
    protected DataflowException FailureWhile(Exception error, string during)
        => error as DataflowException ?? new DataflowException(Context.FlowId, Context.StepId, Context.WorkerIndex, null, error, during);

    /// <summary>Disposes every resource even when some throw, then reports the failures as one error naming the first.</summary>
    protected void DisposeAll(IEnumerable<(string Name, IDisposable? Resource)> resources)
    {
        List<Exception>? errors = null;
        string? first = null;
        foreach (var (name, resource) in resources)
        {
            try
            {
                resource?.Dispose();
            }
            catch (Exception e)
            {
                (errors ??= []).Add(e);
                first ??= name;
            }
        }

        if (errors is not null)
        {
            throw FailureWhile(errors.Count == 1 ? errors[0] : new AggregateException(errors), $"closing {first}");
        }
    }

    /// <summary>A short, one-line rendering of an item for error messages.</summary>
    public static string Render(object? item)
    {
        var text = item switch
        {
            null => "null",
            string s => $"\"{s}\"",
            _ => item.ToString() ?? item.GetType().Name,
        };
        text = text.ReplaceLineEndings(" ");
        return text.Length <= MaxRenderedLength ? text : string.Concat(text.AsSpan(0, MaxRenderedLength), "…");
    }
}
