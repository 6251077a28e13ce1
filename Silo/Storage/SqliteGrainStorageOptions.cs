using Orleans.Storage;

namespace Orleans.Dataflow.Silo.Storage;

/// <summary>Where a <see cref="SqliteGrainStorage"/> keeps its grain states, and how it serializes them.</summary>
public sealed class SqliteGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The SQLite database file; it and its directory are created when missing. Required.</summary>
    public string Path { get; set; } = "";

    /// <summary>The serializer of grain states; when null, the one registered under the storage's name, else the silo's default (Orleans' <see cref="DefaultStorageProviderSerializerOptionsConfigurator{TOptions}"/>).</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
