using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Partitions;
using Orleans.Dataflow.Silo.Storage;
using Orleans.Dataflow.Silo.Tests.TestSupport;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Orleans.Dataflow.Silo.Tests.Storage;

/// <summary>The SQLite grain storage behaves as Orleans' storages do: absent records, ETags checked on write and clear, records kept apart, and what was written is there after a restart.</summary>
public sealed class SqliteGrainStorageTests : IDisposable
{
    private static readonly IServiceProvider _services = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(FlowRecord).Assembly))
        .BuildServiceProvider();

    private static readonly GrainId _orders = GrainId.Create("flow", "orders");
    private static readonly GrainId _clicks = GrainId.Create("flow", "clicks");
    private readonly TempDirectory _dir = new();

    private string DatabasePath => Path.Combine(_dir.Path, "flows.db");

    [Fact]
    public async Task Read_NoRecord_GivesANewStateWithoutETag()
    {
        using var storage = Open();
        var read = new GrainState<FlowRecord> { State = Record(7), ETag = "left over", RecordExists = true };

        await storage.ReadStateAsync("flow", _orders, read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.NotNull(read.State);
        Assert.Equal(0, read.State.FrontierRestarts);
    }

    [Fact]
    public async Task Write_ThenReadOnANewStorageOfTheSameFile_GivesTheStateAndETagWritten()
    {
        var written = new GrainState<FlowRecord> { State = Record(3) };
        using (var storage = Open())
        {
            await storage.WriteStateAsync("flow", _orders, written);
        }

        using var restarted = Open();
        var read = new GrainState<FlowRecord>();
        await restarted.ReadStateAsync("flow", _orders, read);

        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        AssertSameRecord(written.State, read.State!);
    }

    [Fact]
    public async Task Write_WithAStaleETag_IsRefusedNamingTheGrainAndBothETags_AndChangesNothing()
    {
        using var storage = Open();
        var first = new GrainState<FlowRecord> { State = Record(1) };
        await storage.WriteStateAsync("flow", _orders, first);
        var stale = first.ETag;
        var second = new GrainState<FlowRecord>();
        await storage.ReadStateAsync("flow", _orders, second);
        second.State!.FrontierRestarts = 2;
        await storage.WriteStateAsync("flow", _orders, second);

        first.State.FrontierRestarts = 99;
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("flow", _orders, first));

        Assert.Equal(second.ETag, error.StoredEtag);
        Assert.Equal(stale, error.CurrentEtag);
        Assert.Contains(_orders.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains($"the stored ETag is {second.ETag}, the grain's is {stale}", error.Message, StringComparison.Ordinal);
        Assert.Equal(stale, first.ETag);
        var read = new GrainState<FlowRecord>();
        await storage.ReadStateAsync("flow", _orders, read);
        Assert.Equal(second.ETag, read.ETag);
        Assert.Equal(2, read.State!.FrontierRestarts);
    }

    [Fact]
    public async Task Write_WithoutETagOverAnExistingRecord_IsRefusedAndChangesNothing()
    {
        using var storage = Open();
        var existing = new GrainState<FlowRecord> { State = Record(1) };
        await storage.WriteStateAsync("flow", _orders, existing);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("flow", _orders, new GrainState<FlowRecord> { State = Record(5) }));

        Assert.Equal(existing.ETag, error.StoredEtag);
        Assert.Null(error.CurrentEtag);
        var read = new GrainState<FlowRecord>();
        await storage.ReadStateAsync("flow", _orders, read);
        Assert.Equal(existing.ETag, read.ETag);
        Assert.Equal(1, read.State!.FrontierRestarts);
    }

    [Fact]
    public async Task Clear_ThenRead_GivesNoRecord()
    {
        using var storage = Open();
        var state = new GrainState<FlowRecord> { State = Record(4) };
        await storage.WriteStateAsync("flow", _orders, state);

        await storage.ClearStateAsync("flow", _orders, state);
        var read = new GrainState<FlowRecord>();
        await storage.ReadStateAsync("flow", _orders, read);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State.FrontierRestarts);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
    }

    [Fact]
    public async Task Clear_WithAStaleETag_IsRefusedAndKeepsTheRecord()
    {
        using var storage = Open();
        var first = new GrainState<FlowRecord> { State = Record(1) };
        await storage.WriteStateAsync("flow", _orders, first);
        var stale = new GrainState<FlowRecord> { State = first.State, ETag = first.ETag };
        await storage.WriteStateAsync("flow", _orders, first);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("flow", _orders, stale));

        Assert.Equal(first.ETag, error.StoredEtag);
        var read = new GrainState<FlowRecord>();
        await storage.ReadStateAsync("flow", _orders, read);
        Assert.True(read.RecordExists);
        Assert.Equal(first.ETag, read.ETag);
    }

    [Fact]
    public async Task Clear_NoRecordAndNoETag_ChangesNothing()
    {
        using var storage = Open();
        var state = new GrainState<FlowRecord> { State = Record(2) };

        await storage.ClearStateAsync("flow", _orders, state);

        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State.FrontierRestarts);
    }

    [Fact]
    public async Task Write_WithTheETagOfARecordClearedAndWrittenAgain_IsRefused()
    {
        using var storage = Open();
        var old = new GrainState<FlowRecord> { State = Record(1) };
        await storage.WriteStateAsync("flow", _orders, old);
        var oldETag = old.ETag;
        await storage.ClearStateAsync("flow", _orders, old);
        await storage.WriteStateAsync("flow", _orders, new GrainState<FlowRecord> { State = Record(2) });

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("flow", _orders, new GrainState<FlowRecord> { State = Record(3), ETag = oldETag }));
    }

    [Fact]
    public async Task Records_OfOtherGrainsAndStateNames_AreKeptApart()
    {
        using var storage = Open();
        await storage.WriteStateAsync("flow", _orders, new GrainState<FlowRecord> { State = Record(1) });
        await storage.WriteStateAsync("flow", _clicks, new GrainState<FlowRecord> { State = Record(2) });
        var other = new GrainState<FlowRecord> { State = Record(3) };
        await storage.WriteStateAsync("other", _orders, other);

        await storage.ClearStateAsync("other", _orders, other);

        Assert.Equal(1, (await Read(storage, "flow", _orders)).State!.FrontierRestarts);
        Assert.Equal(2, (await Read(storage, "flow", _clicks)).State!.FrontierRestarts);
        Assert.False((await Read(storage, "other", _orders)).RecordExists);
        Assert.False((await Read(storage, "other", _clicks)).RecordExists);
    }

    [Fact]
    public async Task Writes_OfManyGrainsAtOnce_AllLand()
    {
        const int Grains = 64;
        using (var storage = Open())
        {
            await Task.WhenAll(Enumerable.Range(0, Grains).Select(i => Task.Run(async () =>
            {
                var state = new GrainState<FlowRecord> { State = Record(i) };
                await storage.WriteStateAsync("flow", GrainId.Create("flow", $"f{i}"), state);
                state.State.FrontierRestarts = i + 1000;
                await storage.WriteStateAsync("flow", GrainId.Create("flow", $"f{i}"), state);
            })));
        }

        using var restarted = Open();
        for (var i = 0; i < Grains; i++)
        {
            Assert.Equal(i + 1000, (await Read(restarted, "flow", GrainId.Create("flow", $"f{i}"))).State!.FrontierRestarts);
        }
    }

    [Fact]
    public void Constructor_NoPath_IsAConfigurationErrorNamingTheStorage()
    {
        var error = Assert.Throws<OrleansConfigurationException>(() => Open(" "));

        Assert.Contains("grain storage 'test'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A storage on <see cref="DatabasePath"/> (or <paramref name="path"/>) with Orleans' binary serializer.</summary>
    private SqliteGrainStorage Open(string? path = null) => new("test",
        new SqliteGrainStorageOptions { Path = path ?? DatabasePath, GrainStorageSerializer = new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>()) },
        _services.GetRequiredService<IActivatorProvider>(), NullLogger<SqliteGrainStorage>.Instance);

    private static async Task<GrainState<FlowRecord>> Read(SqliteGrainStorage storage, string stateName, GrainId grain)
    {
        var read = new GrainState<FlowRecord>();
        await storage.ReadStateAsync(stateName, grain, read);
        return read;
    }

    /// <summary>A flow record with every field set; <paramref name="restarts"/> tells records apart.</summary>
    private static FlowRecord Record(int restarts) => new()
    {
        Deployment = new FlowDeployment(
            new FlowDefinition("orders", "/flows/orders.csx", new Dictionary<string, string> { ["region"] = "eu" }, ["inp (input)", "out (output)"]),
            new FlowSettings(4, TimeSpan.FromSeconds(5), 512, 64, "sqlite:/data/recovery"),
            $"orders#{restarts}"),
        DesiredState = FlowDesiredState.Stopped,
        End = new ExecutionEnd(ExecutionOutcome.Aborted, 12,
            new FailureReport("boom", "orders", "out", 2, "item 7", "write", "System.IO.IOException", "disk gone")),
        DeployedAt = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero),
        EndedAt = new DateTimeOffset(2026, 3, 1, 12, 5, 0, TimeSpan.Zero),
        FrontierRestarts = restarts,
        Progress = new ExecutionStatus(12, 12, 11, 900, 40, 2,
        [
            new PartitionStatus(0, "S127.0.0.1:11111:1", 12, 12, 900, 40, false,
                [
                    new StepStatus("inp", StepCountKind.Read, 900), new StepStatus("sum", StepCountKind.In, 900), new StepStatus("sum", StepCountKind.Out, 40),
                    new StepStatus("sum", StepCountKind.Keys, 40), new StepStatus("sum", StepCountKind.SnapshotBytes, 640), new StepStatus("out", StepCountKind.Written, 40),
                ])
            {
                BackpressureSeconds = 1.5,
            },
        ]),
    };

    private static void AssertSameRecord(FlowRecord expected, FlowRecord actual)
    {
        Assert.Equal(expected.Deployment!.ExecutionId, actual.Deployment!.ExecutionId);
        Assert.Equal(expected.Deployment.Settings, actual.Deployment.Settings);
        Assert.Equal(expected.Deployment.Definition.FlowId, actual.Deployment.Definition.FlowId);
        Assert.Equal(expected.Deployment.Definition.Origin, actual.Deployment.Definition.Origin);
        Assert.Equal(expected.Deployment.Definition.Arguments, actual.Deployment.Definition.Arguments);
        Assert.Equal(expected.Deployment.Definition.Steps, actual.Deployment.Definition.Steps);
        Assert.Equal(expected.DesiredState, actual.DesiredState);
        Assert.Equal(expected.End, actual.End);
        Assert.Equal(expected.DeployedAt, actual.DeployedAt);
        Assert.Equal(expected.EndedAt, actual.EndedAt);
        Assert.Equivalent(expected.Progress, actual.Progress, strict: true);
        Assert.Equal(expected.FrontierRestarts, actual.FrontierRestarts);
        Assert.Equal(expected.Status, actual.Status);
    }

    public void Dispose() => _dir.Dispose();
}
