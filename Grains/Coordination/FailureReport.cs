namespace Orleans.Dataflow.Grains.Coordination;

/// <summary>A failure as it crosses grains: the rendered message and, for a failure in user code, what <see cref="DataflowException"/> names.</summary>
/// <param name="Message">The whole message, naming the silo and partition it happened on.</param>
/// <param name="FlowId">The flow, for a <see cref="DataflowException"/>; null for an engine failure.</param>
/// <param name="StepId">The step whose code threw.</param>
/// <param name="Partition">The partition (worker) it ran on, or -1.</param>
/// <param name="Item">The rendered item, or null.</param>
/// <param name="During">What the step was doing when not processing an item, or null.</param>
/// <param name="CauseType">The full type name of the original exception.</param>
/// <param name="CauseMessage">The original exception's message.</param>
[GenerateSerializer]
public sealed record FailureReport(
    [property: Id(0)] string Message,
    [property: Id(1)] string? FlowId,
    [property: Id(2)] string? StepId,
    [property: Id(3)] int Partition,
    [property: Id(4)] string? Item,
    [property: Id(5)] string? During,
    [property: Id(6)] string CauseType,
    [property: Id(7)] string CauseMessage)
{
    /// <summary>The <see cref="CauseType"/> of a report that the execution lost a silo and could not resume.</summary>
    public const string SiloLost = "SiloLost";

    /// <summary>The <see cref="CauseType"/> of a report that a silo refused to run a partition: it loaded another execution.</summary>
    public const string SiloRefused = "SiloRefused";

    /// <summary>Describes <paramref name="error"/>, raised by partition <paramref name="partition"/> on <paramref name="silo"/>.</summary>
    public static FailureReport Of(Exception error, int partition, string silo)
    {
        var place = $"on silo {silo}, partition {partition}";
        return error is DataflowException failed
            ? new FailureReport($"{failed.Message} ({place})", failed.FlowId, failed.StepId, failed.WorkerIndex, failed.Item, failed.During,
                failed.InnerException?.GetType().FullName ?? failed.GetType().FullName!, failed.InnerException?.Message ?? failed.Message)
            : new FailureReport($"{error.GetType().Name}: {error.Message} ({place})", null, null, partition, null, null, error.GetType().FullName!, error.Message);
    }

    /// <summary>The exception a caller throws for this failure: a <see cref="DataflowException"/> when user code threw, a <see cref="Cluster.ClusterException"/> when a silo was lost for good.</summary>
    public Exception ToException()
        => FlowId is not null && StepId is not null ? new DataflowException(FlowId, StepId, Partition, Item, new RemoteFailureException(CauseType, CauseMessage), During)
            : CauseType is SiloLost or SiloRefused ? new Cluster.ClusterException(Message)
            : new RemoteFailureException(CauseType, Message);
}
