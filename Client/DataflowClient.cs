using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Client;

/// <summary>Submits flows to a running dataflow cluster and operates them: list, status, stop, wait.</summary>
/// <remarks>
/// Connects through a silo's gateway (<see cref="ConnectAsync"/>), or works on a host's own
/// <see cref="IClusterClient"/> or silo grain factory (<see cref="DataflowClient(IGrainFactory)"/>). A flow's
/// code travels as the file's bytes: a script is compiled on the silos, and its errors come back naming the file,
/// line and column.
/// </remarks>
public sealed class DataflowClient : IAsyncDisposable
{
    private static readonly TimeSpan _waitSlice = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan _siloLossPatience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan _siloLossRetryDelay = TimeSpan.FromMilliseconds(500);
    private readonly IGrainFactory _grains;
    private readonly IHost? _host;

    /// <summary>A client on <paramref name="grains"/>: a connected <see cref="IClusterClient"/>, or a silo's own grain factory.</summary>
    public DataflowClient(IGrainFactory grains)
        : this(grains, null)
    {
    }

    private DataflowClient(IGrainFactory grains, IHost? host)
    {
        ArgumentNullException.ThrowIfNull(grains);
        _grains = grains;
        _host = host;
    }

    /// <summary>Connects to the cluster through the gateway of <paramref name="options"/>.</summary>
    /// <exception cref="DataflowClientException">No silo answered at the gateway within the connect timeout.</exception>
    public static async Task<DataflowClient> ConnectAsync(DataflowClientOptions? options = null, CancellationToken cancellation = default)
    {
        options ??= new DataflowClientOptions();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client
            .UseStaticClustering(options.Gateway)
            .Configure<Orleans.Configuration.ClusterOptions>(cluster =>
            {
                cluster.ClusterId = "dataflow-service";
                cluster.ServiceId = "dataflow";
            }));
        var host = builder.Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            await host.StartAsync(timeout.Token);
        }
        catch (Exception e)
        {
            host.Dispose();
            throw new DataflowClientException($"no dataflow silo answered at gateway {options.Gateway} (is `serve` running there?): {e.GetBaseException().Message}", e);
        }

        return new DataflowClient(host.Services.GetRequiredService<IClusterClient>(), host);
    }

    /// <summary>Submits the flow in <paramref name="path"/> (a <c>.csx</c> script or a <c>.dll</c> assembly) and returns its record once it runs.</summary>
    /// <remarks>
    /// Sends the file's bytes as <see cref="SubmitAsync(string, byte[], SubmitOptions?)"/> does, under the file's name;
    /// with a script, also the files under its directory that its <c>#load</c> and <c>#r</c> directives name (and
    /// theirs), which the silos put at the same place beside it.
    /// </remarks>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="ArgumentException">The id is not a valid flow id, the options are out of range, or the script's <c>#load</c> or <c>#r</c> names a file outside its directory.</exception>
    /// <exception cref="FlowExistsException">A flow has that id already.</exception>
    /// <exception cref="FlowCodeException">The code does not compile or load; the message names the file, line and column.</exception>
    public async Task<FlowRecord> SubmitAsync(string path, SubmitOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"flow file '{path}' does not exist", path);
        }

        var files = Path.GetExtension(path).Equals(".csx", StringComparison.OrdinalIgnoreCase) ? ScriptFiles.Of(path) : [];
        return await SubmitAsync(Path.GetFileName(path), await File.ReadAllBytesAsync(path), files, options);
    }

    /// <summary>Submits the flow whose code is <paramref name="content"/>, a <c>.csx</c> script's text (UTF-8) or a <c>.dll</c> assembly's bytes named <paramref name="fileName"/>, and returns its record once it runs.</summary>
    /// <remarks>
    /// The file name's extension says which of the two the content is, and compile errors name the file by it; the
    /// id defaults to the name without its extension.
    /// </remarks>
    /// <exception cref="ArgumentException">The file name is empty or has a directory, the id is not a valid flow id, or the options are out of range.</exception>
    /// <exception cref="FlowExistsException">A flow has that id already.</exception>
    /// <exception cref="FlowCodeException">The code does not compile or load; the message names the file, line and column.</exception>
    public Task<FlowRecord> SubmitAsync(string fileName, byte[] content, SubmitOptions? options = null) => SubmitAsync(fileName, content, [], options);

    /// <summary>Submits a script as <see cref="SubmitAsync(string, byte[], SubmitOptions?)"/> does, with the <paramref name="files"/> its <c>#load</c> and <c>#r</c> directives name, which every silo puts at their paths beside it.</summary>
    /// <exception cref="ArgumentException">The file name is empty or has a directory, a file's path is not under the script's directory, the id is not a valid flow id, or the options are out of range.</exception>
    /// <exception cref="FlowExistsException">A flow has that id already.</exception>
    /// <exception cref="FlowCodeException">The code does not compile or load; the message names the file, line and column.</exception>
    public async Task<FlowRecord> SubmitAsync(string fileName, byte[] content, IReadOnlyList<FlowSourceFile> files, SubmitOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(files);
        if (Path.GetFileName(fileName) != fileName)
        {
            throw new ArgumentException($"flow file name '{fileName}' must be a file name, without a directory", nameof(fileName));
        }

        if (files.FirstOrDefault(file => !FlowSourceFile.IsUnder(file.Path)) is { } outside)
        {
            throw new ArgumentException($"file '{outside.Path}' of flow file '{fileName}' must be a path under the script's directory, without '..'", nameof(files));
        }

        options ??= new SubmitOptions();
        var id = options.Id ?? Path.GetFileNameWithoutExtension(fileName);
        FlowIds.Validate(id);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Workers, 1, nameof(options.Workers));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.EpochInterval, TimeSpan.Zero, nameof(options.EpochInterval));
        var source = new FlowSource(fileName, content, options.FlowName, files.Count > 0 ? [.. files] : null);
        var store = options.NoRecovery ? null : options.RecoveryStore ?? Path.Combine("stores", id);
        var defaults = new Grains.Execution.ExecutionOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRestarts, nameof(options.MaxRestarts));
        var settings = new FlowSettings(options.Workers, options.EpochInterval, defaults.ExchangeBatchSize, defaults.KeyPartitionCount, store, options.MaxRestarts);
        var deployment = new FlowDeployment(FlowDefinition.Submitted(source, options.Arguments), settings, FlowDeployment.NewExecutionId(id));
        var flow = Flow(id);
        await flow.Submit(deployment);
        return await flow.Describe();
    }

    /// <summary>The submitted flows with their records, by id.</summary>
    /// <remarks>A running flow's <see cref="FlowRecord.Progress"/> is as its partitions last reported (about a second ago); an ended one's is final.</remarks>
    public async Task<IReadOnlyList<(string Id, FlowRecord Record)>> ListAsync()
    {
        var ids = await _grains.GetGrain<IFlowRegistryGrain>(IFlowRegistryGrain.Key).List();
        var records = await Task.WhenAll(ids.Select(id => Flow(id).Describe()));
        return [.. ids.Zip(records)];
    }

    /// <summary>The record of flow <paramref name="id"/>: its deployment, status, how it ended, and its progress — epochs, records in and out, and each partition's silo, epochs and step counts (<see cref="FlowRecord.Progress"/>).</summary>
    /// <exception cref="FlowNotDeployedException">There is no such flow.</exception>
    public async Task<FlowRecord> StatusAsync(string id)
    {
        var record = await SurvivingSiloLoss(() => Flow(id).Describe(), CancellationToken.None);
        return record.Deployment is null ? throw new FlowNotDeployedException(id) : record;
    }

    /// <summary>The steps of flow <paramref name="id"/> and the streams between them, as the silo that loaded it saw them: render it with <see cref="FlowGraph.ToMermaid"/> or <see cref="FlowGraph.ToJson"/>.</summary>
    /// <exception cref="FlowNotDeployedException">There is no such flow.</exception>
    public async Task<FlowGraph> GraphAsync(string id) => FlowGraph.FromJson((await StatusAsync(id)).Deployment!.Definition.Graph);

    /// <summary>Asks flow <paramref name="id"/> to stop after the current epoch; true when that stops something (also an execution still starting, or a restart after a failure), false when the flow had ended.</summary>
    /// <exception cref="FlowNotDeployedException">There is no such flow.</exception>
    public Task<bool> StopAsync(string id) => Flow(id).Stop();

    /// <summary>Runs flow <paramref name="id"/>, which has ended (stopped, failed), again from its last committed epoch, as a new execution; does nothing while it runs.</summary>
    /// <exception cref="FlowNotDeployedException">There is no such flow.</exception>
    public Task ResumeAsync(string id) => Flow(id).Resume();

    /// <summary>Deletes flow <paramref name="id"/>, which has ended (stop it first): its record and its place in the registry go; its recovery store stays on disk.</summary>
    /// <exception cref="FlowNotDeployedException">There is no such flow.</exception>
    /// <exception cref="InvalidOperationException">The flow is still running.</exception>
    public async Task DeleteAsync(string id)
    {
        var record = await StatusAsync(id);
        if (record.End is null)
        {
            throw new InvalidOperationException($"flow '{id}' is {record.Status.ToString().ToLowerInvariant()}: stop it (and wait for it to stop) before deleting it");
        }

        await Flow(id).Forget();
    }

    /// <summary>Waits until flow <paramref name="id"/> ends and returns how it ended.</summary>
    /// <exception cref="FlowNotDeployedException">There is no such flow.</exception>
    public Task<ExecutionEnd> WaitAsync(string id, CancellationToken cancellation = default) => WaitAsync(id, null, cancellation);

    /// <summary>Waits until flow <paramref name="id"/> ends and returns how it ended, handing <paramref name="onProgress"/> the flow's record every few seconds while it runs.</summary>
    /// <exception cref="FlowNotDeployedException">There is no such flow.</exception>
    public async Task<ExecutionEnd> WaitAsync(string id, Action<FlowRecord>? onProgress, CancellationToken cancellation = default)
    {
        var flow = Flow(id);
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (await SurvivingSiloLoss(() => flow.WaitForEnd(_waitSlice), cancellation) is { } end)
            {
                return end;
            }

            if (onProgress is not null)
            {
                onProgress(await StatusAsync(id));
            }
        }
    }

    /// <summary>Disconnects, when this client connected itself.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
    }

    private IFlowGrain Flow(string id) => _grains.GetGrain<IFlowGrain>(id);

    /// <summary>Makes <paramref name="call"/>, and again while it fails because the silo of its grain is gone: until the cluster declares that silo dead (seconds), a flow's grain cannot move to another.</summary>
    private static async Task<T> SurvivingSiloLoss<T>(Func<Task<T>> call, CancellationToken cancellation)
    {
        var deadline = DateTimeOffset.UtcNow + _siloLossPatience;
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (IsSiloLoss(e) && DateTimeOffset.UtcNow < deadline && !cancellation.IsCancellationRequested)
            {
                await Task.Delay(_siloLossRetryDelay, cancellation);
            }
        }
    }

    private static bool IsSiloLoss(Exception error)
        => error.GetBaseException() is SiloUnavailableException or OrleansMessageRejectionException or Runtime.Messaging.ConnectionFailedException or TimeoutException;
}
