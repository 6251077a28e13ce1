using System.Text.Json.Serialization;

namespace Orleans.Dataflow.Plan;

/// <summary>One step of a <see cref="FlowGraph"/>: its id, the operator that made it, and the streams it consumes.</summary>
/// <param name="Id">The step's id.</param>
/// <param name="Operator">The operator's Bytewax name, e.g. <c>map</c>, <c>stateful_map</c>.</param>
/// <param name="Inputs">The streams it consumes, in port order.</param>
public sealed record FlowGraphStep(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("operator")] string Operator,
    [property: JsonPropertyName("inputs")] IReadOnlyList<FlowGraphInput> Inputs);
