using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Dataflow.Grains.Observability;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Orleans.Dataflow.Silo.Storage;

/// <summary>Grain storage in one SQLite database file on this machine: grain states survive restarts of the silo with no database server.</summary>
/// <remarks>
/// <para>
/// For a silo on its own (<c>serve --data</c>): a cluster keeps its grain states in a shared database instead, since
/// a file serves the silos of one machine. Orleans' ADO.NET storage can run on SQLite too, once Orleans' schema
/// scripts (not shipped in its package) are applied to the file; this one creates its file and table, runs them with
/// a WAL journal and full sync, and names the file in every error.
/// </para>
/// <para>
/// It behaves as Orleans' own storages: a read of no record gives a new state, a null ETag and
/// <c>RecordExists == false</c>; a write or clear with a null ETag expects no record, with an ETag expects that
/// ETag stored, and otherwise throws <see cref="InconsistentStateException"/> and changes nothing. ETags are fresh
/// GUIDs, so a record cleared and written again never matches an ETag read before. States are serialized by the
/// options' <see cref="IGrainStorageSerializer"/>. Calls from any number of grains are safe: they take turns on one
/// connection, waiting asynchronously. The file is opened when the silo starts, so a bad path stops the start.
/// </para>
/// </remarks>
internal sealed partial class SqliteGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly string _name;
    private readonly string _path;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activators;
    private readonly ILogger<SqliteGrainStorage> _logger;
    private SqliteGrainStateFile? _file;

    /// <summary>Creates storage <paramref name="name"/> on the file of <paramref name="options"/>; the file is opened on first use or at silo start.</summary>
    /// <exception cref="OrleansConfigurationException">The options give no path.</exception>
    public SqliteGrainStorage(string name, SqliteGrainStorageOptions options, IActivatorProvider activators, ILogger<SqliteGrainStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            throw new OrleansConfigurationException($"grain storage '{name}': {nameof(SqliteGrainStorageOptions)}.{nameof(SqliteGrainStorageOptions.Path)} is not set; give the path of its database file");
        }

        _name = name;
        _path = options.Path;
        _serializer = options.GrainStorageSerializer ?? throw new ArgumentException($"grain storage '{name}' has no serializer", nameof(options));
        _activators = activators;
        _logger = logger;
    }

    /// <summary>Creates storage <paramref name="name"/> from its named options, as Orleans' provider factories do.</summary>
    public static SqliteGrainStorage Create(IServiceProvider services, string name)
        => new(name, services.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name),
            services.GetRequiredService<IActivatorProvider>(), services.GetRequiredService<ILogger<SqliteGrainStorage>>());

    /// <summary>Opens the file when the silo starts, before any grain can call, so that a file that cannot be used fails the start naming it.</summary>
    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe($"{nameof(SqliteGrainStorage)}-{_name}", ServiceLifecycleStage.ApplicationServices, OpenAtStart);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = await InTurn(file => file.Read(stateName, grainId.ToString()));
        if (stored is not { } record)
        {
            Reset(grainState);
            return;
        }

        T? state;
        try
        {
            state = _serializer.Deserialize<T>(new BinaryData(record.State));
        }
        catch (Exception e)
        {
            throw new SqliteGrainStorageException($"grain storage '{_path}': state '{stateName}' of grain {grainId} cannot be read as {typeof(T)} ({e.Message}); the record was not changed", e);
        }

        grainState.State = state ?? _activators.GetActivator<T>().Create();
        grainState.ETag = record.ETag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var state = _serializer.Serialize(grainState.State).ToArray();
        var etag = Guid.NewGuid().ToString("N");
        var (written, stored) = await InTurn(file => file.Write(stateName, grainId.ToString(), grainState.ETag, etag, state));
        if (!written)
        {
            throw Conflict("write", stateName, grainId, stored, grainState.ETag);
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (deleted, stored) = await InTurn(file => file.Delete(stateName, grainId.ToString(), grainState.ETag));
        if (!deleted)
        {
            throw Conflict("clear", stateName, grainId, stored, grainState.ETag);
        }

        Reset(grainState);
    }

    public void Dispose()
    {
        _file?.Dispose();
        _turn.Dispose();
    }

    /// <summary>Opens the file, which every call does first when it is not open.</summary>
    private Task OpenAtStart(CancellationToken cancellation) => InTurn(file => file.Path);

    private void Reset<T>(IGrainState<T> grainState)
    {
        grainState.State = _activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? stored, string? given)
        => new($"grain storage '{_name}' ({_path}) refused to {operation} state '{stateName}' of grain {grainId}: the stored ETag is {stored ?? "(none: no record)"}, "
            + $"the grain's is {given ?? "(none: it read no record)"}; another activation wrote or cleared the record since this one read it", stored, given);

    /// <summary>Runs <paramref name="action"/> on the file, opening it first if needed, one call at a time.</summary>
    private async Task<TResult> InTurn<TResult>(Func<SqliteGrainStateFile, TResult> action)
    {
        await _turn.WaitAsync();
        try
        {
            if (_file is null)
            {
                _file = SqliteGrainStateFile.Open(_path);
                LogOpened(_logger, _name, _file.Path, _file.Count());
            }

            return action(_file);
        }
        finally
        {
            _turn.Release();
        }
    }

    [LoggerMessage(EventId = DataflowEventIds.GrainStorageOpened, Level = LogLevel.Information, Message = "Grain storage '{Name}' opened {Path}: {Records} records")]
    private static partial void LogOpened(ILogger logger, string name, string path, long records);
}
