using System.Text.RegularExpressions;
using Orleans.Dataflow.Silo.Loading;

namespace Orleans.Dataflow.Kafka.Tests;

/// <summary>The README's Kafka section is code a user will paste: it must compile as a flow script.</summary>
public sealed partial class KafkaReadmeTests
{
    [Fact]
    public void ReadmeKafkaSection_Example_CompilesToAFlowWithTheConnectorsSteps()
    {
        var root = KafkaWordCountSampleTests.RepositoryRoot();
        var block = Assert.Single(CSharpBlock().Matches(File.ReadAllText(Path.Combine(root, "README.md"))).Select(m => m.Groups[1].Value), b => b.Contains("KafkaInput", StringComparison.Ordinal));
        var directory = Directory.CreateTempSubdirectory("kafka-readme-");
        try
        {
            var binaries = Path.Combine(root, "Connectors", "Kafka", "bin", "Debug", "net10.0");
            var script = Path.Combine(directory.FullName, "orders.csx");
            File.WriteAllText(script, $"""
                #r "{Path.Combine(binaries, "Confluent.Kafka.dll")}"
                #r "{Path.Combine(binaries, "Orleans.Dataflow.Kafka.dll")}"
                {block}
                flow
                """);

            var flow = FlowLoader.Load(script);

            Assert.Equal("kafka_orders", flow.Id);
            Assert.Contains(flow.Steps, step => step.Id == "in.read");
            Assert.Contains(flow.Steps, step => step.Id == "out.write");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [GeneratedRegex("```csharp(?: no-run)?\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
