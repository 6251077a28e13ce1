namespace Orleans.Dataflow.Grains.Flows;

/// <summary>The cluster's list of submitted flows, kept in the flows' grain storage.</summary>
internal sealed class FlowRegistryGrain(
    [PersistentState("registry", FlowStorage.Name)] IPersistentState<FlowRegistryRecord> record) : Grain, IFlowRegistryGrain
{
    public async Task Add(string deploymentId)
    {
        if (record.State.Ids.Add(deploymentId))
        {
            await record.WriteStateAsync();
        }
    }

    public async Task Remove(string deploymentId)
    {
        if (record.State.Ids.Remove(deploymentId))
        {
            await record.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>([.. record.State.Ids]);
}
