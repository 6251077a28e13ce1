namespace Orleans.Dataflow.TestingHost.Tests;

/// <summary>The tests that run on the process's shared test clusters: one at a time, since some kill or stop a silo, which a run of another test on that cluster would see.</summary>
[CollectionDefinition(Name)]
public sealed class SharedTestClusters
{
    /// <summary>The collection's name.</summary>
    public const string Name = "shared test clusters";
}
