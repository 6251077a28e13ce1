namespace Orleans.Dataflow.Plan;

/// <summary>Finds the steps of the operator that produced a stream: an operator made of several steps (a window: its key step, the window, the splits of its outputs) names them "id.part".</summary>
internal static class OperatorSteps
{
    /// <summary>Every step of the operator whose output <paramref name="stream"/> is: the steps named its id or "id.part", where the id is the producer's up to its first dot.</summary>
    public static IEnumerable<Step> Of(DataflowStream stream)
    {
        var id = stream.Producer.Id;
        var dot = id.IndexOf('.', StringComparison.Ordinal);
        var scope = dot < 0 ? id : id[..dot];
        return stream.Flow.Steps.Where(step => step.Id == scope || step.Id.StartsWith(scope + ".", StringComparison.Ordinal));
    }
}
