namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>Tests that time how often a worker wakes: they run alone, since the Orleans test clusters of other tests in this process keep the thread pool (which runs a test clock's timers) busy.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QuietProcessCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "quiet process";
}
