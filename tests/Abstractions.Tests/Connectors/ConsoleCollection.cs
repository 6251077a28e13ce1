namespace Orleans.Dataflow.Abstractions.Tests.Connectors;

/// <summary>Tests that swap <see cref="Console.Out"/>: they must not run alongside any other test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
