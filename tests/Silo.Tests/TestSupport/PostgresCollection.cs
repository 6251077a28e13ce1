namespace Orleans.Dataflow.Silo.Tests.TestSupport;

/// <summary>Test classes that need PostgreSQL share one <see cref="PostgresServer"/> for the run; each test makes a database of its own.</summary>
/// <remarks>They run one after another, beside the other test classes: a test's wait for a silo to be declared dead leaves the CPU to the others.</remarks>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    /// <summary>The collection's name, for <c>[Collection]</c>.</summary>
    public const string Name = "PostgreSQL";
}
