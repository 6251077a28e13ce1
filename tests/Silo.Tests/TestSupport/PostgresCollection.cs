namespace Orleans.Dataflow.Silo.Tests.TestSupport;

/// <summary>Test classes that need PostgreSQL share one <see cref="PostgresServer"/> for the run; each test makes a database of its own.</summary>
/// <remarks>They run after the parallel tests: the server's processes would otherwise take CPU from the crash tests, which time their kills.</remarks>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    /// <summary>The collection's name, for <c>[Collection]</c>.</summary>
    public const string Name = "PostgreSQL";
}
