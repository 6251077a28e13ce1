namespace Orleans.Dataflow.Silo.Tests.TestSupport;

/// <summary>Tests that redirect <see cref="Console.Out"/> (flows printing through StdOutSink) run one at a time, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
