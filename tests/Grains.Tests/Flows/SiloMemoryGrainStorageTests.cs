using Microsoft.Extensions.DependencyInjection;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Dataflow.Grains.Tests.Flows;

/// <summary>The silo-memory grain storage behaves as a storage: copies in and out, ETags checked, records cleared.</summary>
public sealed class SiloMemoryGrainStorageTests
{
    private static readonly GrainId _grain = GrainId.Create("flow", "orders");

    [Fact]
    public async Task Write_ThenRead_GivesACopyOfWhatWasWritten()
    {
        var storage = NewStorage();
        var written = new GrainState<FlowRecord> { State = new FlowRecord { DesiredState = FlowDesiredState.Stopped, FrontierRestarts = 2 } };
        await storage.WriteStateAsync("flow", _grain, written);
        written.State.FrontierRestarts = 99;

        var read = new GrainState<FlowRecord>();
        await storage.ReadStateAsync("flow", _grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(FlowDesiredState.Stopped, read.State!.DesiredState);
        Assert.Equal(2, read.State.FrontierRestarts);
    }

    [Fact]
    public async Task Write_WithAStaleETag_IsRefused()
    {
        var storage = NewStorage();
        var first = new GrainState<FlowRecord> { State = new FlowRecord() };
        await storage.WriteStateAsync("flow", _grain, first);
        var second = new GrainState<FlowRecord> { State = new FlowRecord() };
        await storage.ReadStateAsync("flow", _grain, second);
        await storage.WriteStateAsync("flow", _grain, second);

        var stale = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("flow", _grain, first));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("flow", _grain, new GrainState<FlowRecord> { State = new FlowRecord() }));

        Assert.Equal(second.ETag, stale.StoredEtag);
        Assert.Equal(first.ETag, stale.CurrentEtag);
    }

    [Fact]
    public async Task Clear_WithAStaleETag_IsRefusedAndKeepsTheRecord()
    {
        var storage = NewStorage();
        var first = new GrainState<FlowRecord> { State = new FlowRecord() };
        await storage.WriteStateAsync("flow", _grain, first);
        var second = new GrainState<FlowRecord>();
        await storage.ReadStateAsync("flow", _grain, second);
        second.State!.FrontierRestarts = 3;
        await storage.WriteStateAsync("flow", _grain, second);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("flow", _grain, first));

        var read = new GrainState<FlowRecord>();
        await storage.ReadStateAsync("flow", _grain, read);
        Assert.True(read.RecordExists);
        Assert.Equal(3, read.State!.FrontierRestarts);
    }

    [Fact]
    public async Task Clear_ForgetsTheRecord()
    {
        var storage = NewStorage();
        var state = new GrainState<FlowRecord> { State = new FlowRecord { FrontierRestarts = 1 } };
        await storage.WriteStateAsync("flow", _grain, state);
        await storage.ClearStateAsync("flow", _grain, state);

        var read = new GrainState<FlowRecord>();
        await storage.ReadStateAsync("flow", _grain, read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(0, read.State!.FrontierRestarts);
    }

    private static SiloMemoryGrainStorage NewStorage()
        => new(new ServiceCollection().AddSerializer(serializer => serializer.AddAssembly(typeof(FlowRecord).Assembly)).BuildServiceProvider().GetRequiredService<DeepCopier>());
}
