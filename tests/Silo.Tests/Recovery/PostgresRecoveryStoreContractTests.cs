using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Grains.Tests.Recovery;
using Orleans.Dataflow.Silo.Recovery;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Recovery;

/// <summary>The recovery store contract on a real PostgreSQL 15 server, each test on a database of its own, reopened from the URL between executions.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresRecoveryStoreContractTests(PostgresServer server) : RecoveryStoreContract
{
    private readonly string _url = server.UrlOf(server.CreateDatabase());

    protected override IRecoveryStore CreateStore() => Open();

    protected override IRecoveryStore Reopen(IRecoveryStore store)
    {
        ((IDisposable)store).Dispose();
        return Open();
    }

    private PostgresRecoveryStore Open() => PostgresRecoveryStore.Open(_url, "contract", keepEpochs: 0);
}
