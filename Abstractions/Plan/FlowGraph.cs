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
            [.. step.Inputs.Select(input => new FlowGraphInput(input.Producer.Id, input.Port, TypeName(input.ItemType), ExchangeInto.Of(step)))]))]);
    }

    /// <summary>Reads a graph that <see cref="ToJson"/> wrote.</summary>
    /// <exception cref="JsonException">The text is not such a graph.</exception>
    public static FlowGraph FromJson(string json)
        => JsonSerializer.Deserialize<FlowGraph>(json, _json) ?? throw new JsonException("the text holds no flow graph");

    /// <summary>The graph as indented JSON: <c>{"flowId": …, "steps": [{"id", "operator", "inputs": [{"step", "port", "type", "exchange"?}]}]}</c>; <c>exchange</c> only on exchanged streams.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, _json);

    /// <summary>The graph as a Mermaid flowchart: one node per step labelled with its id and operator, one edge per stream labelled with its item type (and its port, for a step with several outputs).</summary>
    /// <remarks>A stream whose items are exchanged between workers is a thick edge (<c>==&gt;</c>) whose label says how, e.g. <c>(String, Int64), by key</c>.</remarks>
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
                if (input.Exchange is { } exchange)
                {
                    label += $", by {exchange.Replace('_', ' ')}";
                }

                var arrow = input.Exchange is null ? " -->|\"" : " ==>|\"";
                text.Append("    ").Append(nodes[input.Step]).Append(arrow).Append(Escape(label)).Append("\"| ").Append(nodes[step.Id]).Append('\n');
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

    /// <summary>Says how the streams into a step are exchanged between workers: what the engine does for each kind of step.</summary>
    private sealed class ExchangeInto : IStepVisitor
    {
        private string? _exchange;

        public static string? Of(Step step)
        {
            var visitor = new ExchangeInto();
            step.Accept(visitor);
            return visitor._exchange;
        }

        public void VisitInput<T>(InputStep<T> step)
        {
        }

        public void VisitOutput<T>(OutputStep<T> step) => _exchange = step.Sink is IPartitionedSinkVisitable ? FlowGraphInput.ByPartition : null;

        public void VisitUnary<TIn, TOut>(UnaryStep<TIn, TOut> step)
        {
        }

        public void VisitBranch<T>(BranchStep<T> step)
        {
        }

        public void VisitMerge<T>(MergeStep<T> step)
        {
        }

        public void VisitRedistribute<T>(RedistributeStep<T> step) => _exchange = FlowGraphInput.RoundRobin;

        public void VisitStateful<TValue, TOut, TSlot, TState>(StatefulStep<TValue, TOut, TSlot, TState> step) => _exchange = FlowGraphInput.ByKey;
    }

    /// <summary>Text that Mermaid shows as written inside a quoted label.</summary>
    private static string Escape(string text) => text.Replace("\"", "#quot;", StringComparison.Ordinal);
}
