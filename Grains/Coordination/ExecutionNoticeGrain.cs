using Orleans.Dataflow.Grains.Hosting;

namespace Orleans.Dataflow.Grains.Coordination;

/// <summary>Hands a frontier's notice that a shared execution began or ended to the execution's registration on the silo named in the grain's key.</summary>
internal sealed class ExecutionNoticeGrain(DataflowExecutionCatalog catalog, ILocalSiloDetails silo) : Grain, IExecutionNoticeGrain
{
    /// <summary>How long a notice waits for the process here to register the execution: it registers its flow once the cluster has formed, which may be just after process 0 began it.</summary>
    private static readonly TimeSpan _registrationWait = TimeSpan.FromSeconds(10);

    /// <summary>The key of the notice grain of <paramref name="executionId"/> on <paramref name="target"/>.</summary>
    public static string KeyOf(string executionId, SiloAddress target) => $"{executionId}|{target.ToParsableString()}";

    public async Task Begun()
    {
        if (await Registration() is { } entry)
        {
            entry.OnBegun();
        }

        DeactivateOnIdle();
    }

    public async Task Ended(ExecutionEnd end)
    {
        if (await Registration() is { } entry)
        {
            entry.OnEnded(end);
        }

        DeactivateOnIdle();
    }

    /// <summary>The execution as this silo registered it; null when this activation is not on the silo its key names (placement could not honour the frontier's hint) or the silo never registered it.</summary>
    private async Task<ExecutionEntry?> Registration()
    {
        var key = this.GetPrimaryKeyString();
        var bar = key.LastIndexOf('|');
        if (key[(bar + 1)..] != silo.SiloAddress.ToParsableString())
        {
            return null;
        }

        try
        {
            return await catalog.GetAsync(key[..bar], _registrationWait);
        }
        catch (InvalidOperationException)
        {
            // Not a process of this run (a silo that serves flows, say): nothing here waits for it.
            return null;
        }
    }
}
