using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Grains.Flows;

/// <summary>What a deployed flow runs: the flow's id, where its code came from, the arguments it was built with, and its steps.</summary>
/// <param name="FlowId">The flow's own id (<see cref="Dataflow.Id"/>), which names it in errors and in the recovery store.</param>
/// <param name="Origin">Where the flow's code came from: the script or assembly file it was loaded from, or <see cref="InProcess"/>.</param>
/// <param name="Arguments">The <c>--arg</c> values the flow was built with.</param>
/// <param name="Steps">The flow's steps in the order they were added, as <c>id (kind)</c>.</param>
/// <param name="Source">The flow's code when a client submitted it, which every silo loads for itself; null when the deploying silo loaded the flow (<c>run</c>).</param>
/// <param name="Graph">The flow's steps and streams as <see cref="Dataflow.ToJson"/> writes them; empty until a silo has loaded the flow.</param>
[GenerateSerializer, Immutable]
public sealed record FlowDefinition(
    [property: Id(0)] string FlowId,
    [property: Id(1)] string Origin,
    [property: Id(2)] IReadOnlyDictionary<string, string> Arguments,
    [property: Id(3)] IReadOnlyList<string> Steps,
    [property: Id(4)] FlowSource? Source = null,
    [property: Id(5)] string Graph = "")
{
    /// <summary>The definition of a flow a client submits as <paramref name="source"/>, built with <paramref name="arguments"/>: its id and steps are known once a silo has loaded it.</summary>
    public static FlowDefinition Submitted(FlowSource source, IReadOnlyDictionary<string, string>? arguments = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new FlowDefinition("", source.FileName, new Dictionary<string, string>(arguments ?? new Dictionary<string, string>(), StringComparer.Ordinal), [], source);
    }

    /// <summary>The origin of a flow built by code in the deploying process rather than loaded from a file.</summary>
    public const string InProcess = "(in-process)";

    /// <summary>The definition of <paramref name="flow"/>, loaded from <paramref name="origin"/> with <paramref name="arguments"/>.</summary>
    public static FlowDefinition Of(Dataflow flow, string? origin = null, IReadOnlyDictionary<string, string>? arguments = null)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var steps = flow.Steps.Select(step => $"{step.Id} ({KindOf(step)})").ToArray();
        return new FlowDefinition(flow.Id, origin ?? InProcess, new Dictionary<string, string>(arguments ?? new Dictionary<string, string>(), StringComparer.Ordinal), steps,
            Graph: flow.ToJson());
    }

    /// <summary>The kind of <paramref name="step"/> as the plan names it: <c>input</c>, <c>unary</c>, <c>stateful</c>, …</summary>
    private static string KindOf(Step step)
    {
        var name = step.GetType().Name;
        var generic = name.IndexOf('`', StringComparison.Ordinal);
        name = generic < 0 ? name : name[..generic];
        return (name.EndsWith("Step", StringComparison.Ordinal) ? name[..^"Step".Length] : name).ToLowerInvariant();
    }
}
