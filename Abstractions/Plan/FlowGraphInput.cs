using System.Text.Json.Serialization;

namespace Orleans.Dataflow.Plan;

/// <summary>A stream a <see cref="FlowGraphStep"/> consumes: the step that produces it, which of its outputs, and the type of its items.</summary>
/// <param name="Step">The producing step's id.</param>
/// <param name="Port">Which output of that step (0 for single-output steps; a branch has 0 = trues, 1 = falses).</param>
/// <param name="Type">The items' type, as C# writes it.</param>
/// <param name="Exchange">
/// How the stream's items are sent between workers on their way into the step: <see cref="ByKey"/> (to the worker
/// that owns the key: every stateful step), <see cref="RoundRobin"/> (a redistribute) or <see cref="ByPartition"/>
/// (to the worker of the sink partition the key maps to); null when each worker keeps its own items. With one worker
/// nothing crosses; in a cluster an exchanged item may cross processes, through its serde.
/// </param>
public sealed record FlowGraphInput(
    [property: JsonPropertyName("step")] string Step,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("exchange"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Exchange = null)
{
    /// <summary>The <see cref="Exchange"/> into a stateful step: each item goes to the worker that owns its key.</summary>
    public const string ByKey = "key";

    /// <summary>The <see cref="Exchange"/> into a redistribute: items are dealt to the workers in turn.</summary>
    public const string RoundRobin = "round_robin";

    /// <summary>The <see cref="Exchange"/> into a partitioned sink: each item goes to the worker of the partition its key maps to.</summary>
    public const string ByPartition = "partition";
}
