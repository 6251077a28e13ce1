using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Dataflow.Plan;

/// <summary>A flow's steps and the streams between them, as data: what <see cref="Dataflow.ToJson"/> and <see cref="Dataflow.ToMermaid"/> render (Bytewax's <c>to_json</c> and <c>to_mermaid</c>).</summary>
/// <param name="FlowId">The flow's id.</param>
/// <param name="Steps">The steps in the order they were added.</param>
public sealed record FlowGraph(
    [property: JsonPropertyName("flowId")] string FlowId,
    [property: JsonPropertyName("steps")] IReadOnlyList<FlowGraphStep> Steps)
{
    private static readonly JsonSerializerOptions _json = new() { WriteIndented = true };

    /// <summary>The graph of <paramref name="flow"/>.</summary>
    public static FlowGraph Of(Dataflow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return new FlowGraph(flow.Id, [.. flow.Steps.Select(step => new FlowGraphStep(step.Id, step.Operator,
            [.. step.Inputs.Select(input => new FlowGraphInput(input.Producer.Id, input.Port, TypeName(input.ItemType)))]))]);
    }

    /// <summary>Reads a graph that <see cref="ToJson"/> wrote.</summary>
    /// <exception cref="JsonException">The text is not such a graph.</exception>
    public static FlowGraph FromJson(string json)
        => JsonSerializer.Deserialize<FlowGraph>(json, _json) ?? throw new JsonException("the text holds no flow graph");

    /// <summary>The graph as indented JSON: <c>{"flowId": …, "steps": [{"id", "operator", "inputs": [{"step", "port", "type"}]}]}</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, _json);

    /// <summary>The graph as a Mermaid flowchart: one node per step labelled with its id and operator, one edge per stream labelled with its item type (and its port, for a step with several outputs).</summary>
    public string ToMermaid()
    {
        var nodes = Steps.Select((step, i) => (step.Id, Node: $"s{i}")).ToDictionary(s => s.Id, s => s.Node, StringComparer.Ordinal);
        var ports = Steps.SelectMany(s => s.Inputs).GroupBy(i => i.Step).ToDictionary(g => g.Key, g => g.Select(i => i.Port).Distinct().Count() > 1);
        var text = new StringBuilder("flowchart TD\n");
        text.Append("subgraph flow[\"").Append(Escape(FlowId)).Append("\"]\n");
        foreach (var step in Steps)
        {
            text.Append("    ").Append(nodes[step.Id]).Append("[\"").Append(Escape(step.Id)).Append(" (").Append(Escape(step.Operator)).Append(")\"]\n");
        }

        foreach (var step in Steps)
        {
            foreach (var input in step.Inputs)
            {
                var label = ports.GetValueOrDefault(input.Step) ? $"{input.Port}: {input.Type}" : input.Type;
                text.Append("    ").Append(nodes[input.Step]).Append(" -->|\"").Append(Escape(label)).Append("\"| ").Append(nodes[step.Id]).Append('\n');
            }
        }

        return text.Append("end\n").ToString();
    }

    /// <summary>A type's name as C# writes it, generic arguments included: <c>(String, Int64)</c>, <c>List&lt;String&gt;</c>.</summary>
    private static string TypeName(Type type)
    {
        if (type.IsGenericType && type.FullName?.StartsWith("System.ValueTuple`", StringComparison.Ordinal) == true)
        {
            return $"({string.Join(", ", type.GetGenericArguments().Select(TypeName))})";
        }

        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>";
    }

    /// <summary>Text that Mermaid shows as written inside a quoted label.</summary>
    private static string Escape(string text) => text.Replace("\"", "#quot;", StringComparison.Ordinal);
}
