using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Silo.Cli;

/// <summary>What <c>run FLOW --describe</c> prints: a flow's steps, their operators, the streams they consume with their item types, and where items are exchanged between workers.</summary>
internal static class FlowDescription
{
    /// <summary>The formats <c>--describe</c> takes; the first is the default.</summary>
    public static readonly IReadOnlyList<string> Formats = ["text", "mermaid", "json"];

    /// <summary>Writes <paramref name="flow"/>'s graph in <paramref name="format"/> (one of <see cref="Formats"/>).</summary>
    public static void Write(Dataflow flow, string format, TextWriter output)
    {
        var graph = FlowGraph.Of(flow);
        switch (format)
        {
            case "mermaid":
                output.Write(graph.ToMermaid());
                break;
            case "json":
                output.WriteLine(graph.ToJson());
                break;
            default:
                WriteText(graph, output);
                break;
        }
    }

    /// <summary>One row per stream a step consumes (one for an input step): step, operator, the producer and item type, and how the items reach the step's workers.</summary>
    private static void WriteText(FlowGraph graph, TextWriter output)
    {
        output.WriteLine($"flow '{graph.FlowId}': {graph.Steps.Count} steps");
        var rows = new List<string[]> { new[] { "STEP", "OPERATOR", "CONSUMES", "EXCHANGE" } };
        foreach (var step in graph.Steps)
        {
            if (step.Inputs.Count == 0)
            {
                rows.Add([step.Id, step.Operator, "-", "-"]);
            }

            for (var i = 0; i < step.Inputs.Count; i++)
            {
                var input = step.Inputs[i];
                var port = Ports(graph, input.Step) > 1 ? $" (port {input.Port})" : string.Empty;
                rows.Add([
                    i == 0 ? step.Id : string.Empty,
                    i == 0 ? step.Operator : string.Empty,
                    $"{input.Step}{port}: {input.Type}",
                    input.Exchange is { } exchange ? $"by {exchange.Replace('_', ' ')}" : "-",
                ]);
            }
        }

        var widths = Enumerable.Range(0, 4).Select(column => rows.Max(row => row[column].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(("  " + string.Join("  ", row.Select((cell, column) => cell.PadRight(widths[column])))).TrimEnd());
        }

        output.WriteLine("Items cross workers only where EXCHANGE says how; every other stream stays on the worker that made the item.");
    }

    /// <summary>How many distinct output ports of step <paramref name="stepId"/> are consumed.</summary>
    private static int Ports(FlowGraph graph, string stepId)
        => graph.Steps.SelectMany(s => s.Inputs).Where(i => i.Step == stepId).Select(i => i.Port).Distinct().Count();
}
