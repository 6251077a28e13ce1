using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Orleans.Dataflow.Silo.Storage;

/// <summary>Registers grain storages in a SQLite file on the silo's machine.</summary>
public static class SqliteGrainStorageSiloBuilderExtensions
{
    /// <summary>Adds grain storage <paramref name="name"/> in the SQLite database file <paramref name="path"/> (created with its directory when missing); registered under <c>FlowStorage.Name</c> before <c>AddDataflow()</c>, it keeps flow records through restarts.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return builder.AddSqliteGrainStorage(name, options => options.Path = path);
    }

    /// <summary>Adds grain storage <paramref name="name"/> in a SQLite database file configured by <paramref name="configure"/>; its serializer defaults as Orleans' storages' do.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<SqliteGrainStorageOptions>(name).Configure(configure);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Transient<IPostConfigureOptions<SqliteGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<SqliteGrainStorageOptions>>());
        builder.Services.AddGrainStorage(name, SqliteGrainStorage.Create);
        return builder;
    }
}
