using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Grains.Tests.Recovery;
using Orleans.Dataflow.Silo.Recovery;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Recovery;

/// <summary>The recovery store contract on SQLite partitions, reopened from disk between executions.</summary>
public sealed class SqliteRecoveryStoreContractTests : RecoveryStoreContract
{
    private readonly TempDirectory _dir = new();

    protected override IRecoveryStore CreateStore() => Open();

    protected override IRecoveryStore Reopen(IRecoveryStore store)
    {
        ((IDisposable)store).Dispose();
        return Open();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _dir.Dispose();
    }

    private SqliteRecoveryStore Open() =>
        SqliteRecoveryStore.Open(Path.Combine(_dir.Path, "recovery"), "contract", keepEpochs: 0, partitionsIfNew: 3);
}
