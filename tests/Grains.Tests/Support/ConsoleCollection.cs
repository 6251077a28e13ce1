namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>Tests that swap <see cref="Console.Out"/>: they run alone, after every parallel test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
