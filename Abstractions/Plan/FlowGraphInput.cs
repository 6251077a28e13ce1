using System.Text.Json.Serialization;

namespace Orleans.Dataflow.Plan;

/// <summary>A stream a <see cref="FlowGraphStep"/> consumes: the step that produces it, which of its outputs, and the type of its items.</summary>
/// <param name="Step">The producing step's id.</param>
/// <param name="Port">Which output of that step (0 for single-output steps; a branch has 0 = trues, 1 = falses).</param>
/// <param name="Type">The items' type, as C# writes it.</param>
public sealed record FlowGraphInput(
    [property: JsonPropertyName("step")] string Step,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("type")] string Type);
