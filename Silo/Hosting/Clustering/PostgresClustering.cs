using Npgsql;
using Orleans.Dataflow.Grains.Cluster;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Silo.Recovery;

namespace Orleans.Dataflow.Silo.Hosting.Clustering;

/// <summary>Orleans' ADO.NET clustering and grain storage on PostgreSQL: the membership of a cluster (of <c>run</c> processes or <c>serve</c> silos) and its flow grains' records kept in a database they share, so that no process holds them alone.</summary>
/// <remarks>
/// Microsoft.Orleans.Clustering.AdoNet and Persistence.AdoNet read their SQL from the database (the <c>OrleansQuery</c>
/// table) and ship no schema, so the one Orleans publishes for PostgreSQL is embedded here and applied once, when its tables are missing,
/// under an advisory lock: processes starting together do not apply it twice.
/// </remarks>
internal static class PostgresClustering
{
    /// <summary>The ADO.NET invariant under which Orleans finds Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Serializes schema creation across processes.</summary>
    private const long SchemaLockId = 0x4F44_5246_434C_5553;

    /// <summary>Applies the schema if missing (<see cref="EnsureSchema"/>), then keeps <paramref name="silo"/>'s membership and its flow records (<see cref="FlowStorage.Name"/>) in the database <paramref name="url"/> names.</summary>
    /// <remarks>The one place both <c>run --clustering</c> and <c>serve --clustering</c> register the providers, so the two cannot drift apart; the caller sets the cluster's ids and endpoints.</remarks>
    /// <exception cref="ClusterException">The database cannot be reached or refuses the schema; the message names the server.</exception>
    public static ISiloBuilder UsePostgres(ISiloBuilder silo, PostgresConnectionUrl url)
    {
        EnsureSchema(url);
        return silo
            .UseAdoNetClustering(options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = url.ConnectionString;
            })
            .AddAdoNetGrainStorage(FlowStorage.Name, options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = url.ConnectionString;
            });
    }

    /// <summary>Creates Orleans' membership and grain storage tables and queries in the database <paramref name="url"/> names, unless they are there.</summary>
    /// <exception cref="ClusterException">The database cannot be reached or refuses the schema; the message names the server.</exception>
    public static void EnsureSchema(PostgresConnectionUrl url)
    {
        try
        {
            using var connection = new NpgsqlConnection(url.ConnectionString);
            connection.Open();
            using var transaction = connection.BeginTransaction();
            Execute(connection, $"SELECT pg_advisory_xact_lock({SchemaLockId})");
            if (!TableExists(connection, "orleansquery"))
            {
                Execute(connection, Script("PostgreSQL-Main.sql"));
            }

            if (!TableExists(connection, "orleansmembershiptable"))
            {
                Execute(connection, Script("PostgreSQL-Clustering.sql"));
            }

            if (!TableExists(connection, "orleansstorage"))
            {
                Execute(connection, Script("PostgreSQL-Persistence.sql"));
            }

            transaction.Commit();
        }
        catch (NpgsqlException e)
        {
            throw new ClusterException($"the clustering database {url.Server} cannot be used: {e.Message}", e);
        }
    }

    private static bool TableExists(NpgsqlConnection connection, string table)
    {
        using var command = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
        command.Parameters.AddWithValue("table", table);
        return (bool)command.ExecuteScalar()!;
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static string Script(string name)
    {
        using var stream = typeof(PostgresClustering).Assembly.GetManifestResourceStream($"{typeof(PostgresClustering).Namespace}.{name}")
            ?? throw new InvalidOperationException($"the embedded schema {name} is missing from the silo's assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
