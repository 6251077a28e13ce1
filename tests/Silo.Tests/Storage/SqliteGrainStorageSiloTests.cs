using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Hosting;
using Orleans.Dataflow.Silo.Storage;
using Orleans.Dataflow.Silo.Tests.TestSupport;
using Orleans.Dataflow.Testing;
using Orleans.Storage;

namespace Orleans.Dataflow.Silo.Tests.Storage;

/// <summary>A silo with the SQLite grain storage registered as the flow storage before <c>AddDataflow()</c> keeps flow records in its file, through a restart of the silo.</summary>
public sealed class SqliteGrainStorageSiloTests : IDisposable
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new();

    private string DatabasePath => Path.Combine(_dir.Path, "data", "flows.db");

    [Fact]
    public async Task FlowRecord_WrittenByAFlowGrain_IsReadBackAfterTheSiloRestartsOnTheSameFile_AndForgetClearsIt()
    {
        var output = new List<int>();
        var flow = new Dataflow("counting");
        flow.Input("inp", new TestingSource<int>(Enumerable.Range(0, 10))).Output("out", new TestingSink<int>(output));
        var options = new ExecutionOptions { WorkerCount = 1 };
        var deployment = new FlowDeployment(FlowDefinition.Of(flow), FlowSettings.Of(options, 1), "counting#1");

        FlowRecord before;
        GrainId flowGrainId;
        var catalog = new DataflowExecutionCatalog();
        using (var first = Silo(catalog))
        {
            await first.StartAsync().WaitAsync(_noHang);
            catalog.Register(deployment.ExecutionId, flow, options);
            var flowGrain = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IFlowGrain>("counting");
            flowGrainId = flowGrain.GetGrainId();
            await flowGrain.Deploy(deployment).WaitAsync(_noHang);
            await WaitForEnd(flowGrain);
            before = await flowGrain.Describe();
            await first.StopAsync().WaitAsync(_noHang);
        }

        using (var file = SqliteGrainStateFile.Open(DatabasePath))
        {
            Assert.NotNull(file.Read("flow", flowGrainId.ToString()));
        }

        FlowRecord after;
        using (var second = Silo(new DataflowExecutionCatalog()))
        {
            await second.StartAsync().WaitAsync(_noHang);
            var flowGrain = second.Services.GetRequiredService<IGrainFactory>().GetGrain<IFlowGrain>("counting");
            after = await flowGrain.Describe().WaitAsync(_noHang);
            await flowGrain.Forget().WaitAsync(_noHang);
            await second.StopAsync().WaitAsync(_noHang);
        }

        Assert.Equal(Enumerable.Range(0, 10), output);
        Assert.Equal(FlowStatus.Completed, before.Status);
        Assert.Equal(FlowStatus.Completed, after.Status);
        Assert.Equal(before.End, after.End);
        Assert.Equal(before.DeployedAt, after.DeployedAt);
        Assert.Equal(before.EndedAt, after.EndedAt);
        Assert.Equal(FlowDesiredState.Running, after.DesiredState);
        Assert.Equal(deployment.ExecutionId, after.Deployment!.ExecutionId);
        Assert.Equal(deployment.Settings, after.Deployment.Settings);
        Assert.Equal(deployment.Definition.Steps, after.Deployment.Definition.Steps);
        using var forgotten = SqliteGrainStateFile.Open(DatabasePath);
        Assert.Null(forgotten.Read("flow", flowGrainId.ToString()));
    }

    [Fact]
    public async Task SiloStart_FlowStorageFileIsNotADatabase_FailsNamingTheFile()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        File.WriteAllText(DatabasePath, "these are someone's notes, not a database; they must survive\n".PadRight(4096, '.'));
        var before = File.ReadAllBytes(DatabasePath);
        using var silo = Silo(new DataflowExecutionCatalog());

        var error = await Assert.ThrowsAnyAsync<Exception>(() => silo.StartAsync().WaitAsync(_noHang));

        var cause = Assert.IsType<SqliteGrainStorageException>(Unwrap(error));
        Assert.StartsWith($"grain storage '{DatabasePath}' is not a SQLite database", cause.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(DatabasePath));
    }

    [Fact]
    public void AddDataflow_AfterAddSqliteGrainStorage_AddsNoMemoryStorageForFlows()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddSqliteGrainStorage(FlowStorage.Name, DatabasePath).AddDataflow());

        var flowStorages = builder.Services.Where(s => s.ServiceType == typeof(IGrainStorage) && s.IsKeyedService && Equals(s.ServiceKey, FlowStorage.Name)).ToList();

        Assert.Single(flowStorages);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>A dataflow silo alone on a free loopback port whose flow records go to the SQLite file at <see cref="DatabasePath"/>.</summary>
    private IHost Silo(DataflowExecutionCatalog catalog)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var port = ClusterFlows.Addresses(1)[0].Port;
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort: port, gatewayPort: 0, serviceId: "dataflow", clusterId: $"gstore-{Guid.NewGuid():N}")
            .AddSqliteGrainStorage(FlowStorage.Name, DatabasePath)
            .AddDataflow(catalog));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        return builder.Build();
    }

    private static async Task WaitForEnd(IFlowGrain flowGrain)
    {
        var deadline = DateTime.UtcNow + _noHang;
        while (await flowGrain.WaitForEnd(TimeSpan.FromSeconds(2)) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the flow did not end within a minute");
        }
    }

    /// <summary>The first exception in <paramref name="error"/>'s chain that is not a wrapper of the host or of Orleans' lifecycle.</summary>
    private static Exception Unwrap(Exception error)
    {
        while (error is AggregateException or OrleansLifecycleCanceledException && error.InnerException is { } inner)
        {
            error = inner;
        }

        return error;
    }
}
